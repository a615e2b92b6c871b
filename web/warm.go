package web

import (
	"context"
	"errors"
	"runtime/debug"
	"time"

	"github.com/chancery-frus/chancery"
)

// KeepWarm loads what the store's searches hold in memory (for a
// chancery.Warmer), then every volume's outline into the volume cache,
// now and again whenever the corpus changes (through this node or any
// other), checking every interval until ctx is done: the first search and
// the first page of each volume after a start or an ingest then do not
// wait for them.
func (s *Server) KeepWarm(ctx context.Context, interval time.Duration) {
	var warmed int64 = -1
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		// A select whose ticker fired as ctx ended may pick the tick:
		// start nothing once ctx is done.
		if ctx.Err() != nil {
			return
		}
		if gen, err := s.store.Generation(ctx); err == nil && gen != warmed {
			// The volumes are read for the generation seen here, as a
			// request's are, not asked for again each.
			if err := s.warm(context.WithValue(ctx, genKey{}, gen)); err != nil {
				if ctx.Err() == nil {
					s.log.Warn("loading the corpus into memory", "err", err)
				}
			} else {
				warmed = gen
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Server) warm(ctx context.Context) error {
	if w, ok := s.store.(chancery.Warmer); ok {
		start := time.Now()
		if err := w.Warm(ctx); err != nil {
			return err
		}
		s.log.Info("search ready for the current corpus", "ms", time.Since(start).Milliseconds())
	}
	start := time.Now()
	vols, err := s.volumes(ctx)
	if err != nil {
		return err
	}
	read := 0
	for _, v := range vols {
		if s.vcache.filled() {
			break // reading more would drop some: the rest are read as asked for
		}
		if _, err := s.volume(ctx, v.ID); err != nil && !errors.Is(err, chancery.ErrNotFound) { // removed meanwhile
			return err
		}
		read++
	}
	s.log.Info("volumes ready", "volumes", read, "ms", time.Since(start).Milliseconds())
	// Decoding every volume's record left garbage several times the size
	// of the outlines kept: give it back to the system once, now.
	debug.FreeOSMemory()
	return nil
}
