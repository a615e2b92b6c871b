package web

import (
	"context"
	"time"

	"github.com/chancery-frus/chancery"
)

// KeepWarm loads what the store's searches hold in memory now, and again
// whenever the corpus changes (through this node or any other), checking
// every interval until ctx is done: the first search after a start or an
// ingest then does not wait for it. It does nothing for a store that
// holds nothing.
func (s *Server) KeepWarm(ctx context.Context, interval time.Duration) {
	w, ok := s.store.(chancery.Warmer)
	if !ok {
		return
	}
	var warmed int64 = -1
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if gen, err := s.store.Generation(ctx); err == nil && gen != warmed {
			start := time.Now()
			if err := w.Warm(ctx); err != nil {
				if ctx.Err() == nil {
					s.log.Warn("loading the search index's vocabulary and metadata", "err", err)
				}
			} else {
				warmed = gen
				s.log.Info("search ready for the current corpus", "ms", time.Since(start).Milliseconds())
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
