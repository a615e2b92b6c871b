package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
)

// Health checks: /healthz answers from a verdict kept for healthTTL, so
// that load balancers polling every node every second load the store
// once in that time, and a check takes at most healthTimeout.
const (
	healthTTL     = 5 * time.Second
	healthTimeout = 2 * time.Second
)

// health is the verdict of the last check of the store, and the check
// under way.
type health struct {
	ttl     time.Duration // healthTTL unless set (by tests)
	mu      sync.Mutex
	at      time.Time // when the last check ended; zero before the first
	err     error     // its verdict: nil when healthy
	running chan struct{}
}

// healthz answers {"status":"ok"} (200) while the store answers, and
// {"status":"unavailable"} (503, with Retry-After) while it does not; why
// is logged, never sent, since a store's errors may name its database's
// host and user.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.healthy(r.Context()); err != nil {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// healthy returns the verdict on the store: the one kept when it is
// recent, else that of a new check. One check runs at a time, on its own
// time limit, and every request that asks meanwhile waits for it (or for
// its own deadline).
func (s *Server) healthy(ctx context.Context) error {
	h := &s.health
	ttl := h.ttl
	if ttl == 0 {
		ttl = healthTTL
	}
	h.mu.Lock()
	if !h.at.IsZero() && time.Since(h.at) < ttl {
		err := h.err
		h.mu.Unlock()
		return err
	}
	if h.running == nil {
		done := make(chan struct{})
		h.running = done
		go func() {
			defer close(done)
			cctx, cancel := context.WithTimeout(context.Background(), healthTimeout)
			err := s.checkStore(cctx)
			cancel()
			h.mu.Lock()
			was := h.err
			h.at, h.err, h.running = time.Now(), err, nil
			h.mu.Unlock()
			switch {
			case err != nil:
				s.log.Error("health check failed", "err", err)
			case was != nil:
				s.log.Info("health check passed again")
			}
		}()
	}
	done := h.running
	h.mu.Unlock()
	select {
	case <-done:
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// checkStore checks that the store answers what readers ask of it, at
// little cost: the corpus generation and the list of volumes; then, unless
// the store is empty, the first document of the first volume, and a
// search for a word of its title within its volume, for one hit. A
// volume or document removed meanwhile is no failure.
func (s *Server) checkStore(ctx context.Context) error {
	if p, ok := s.store.(interface{ Ping(context.Context) error }); ok {
		if err := p.Ping(ctx); err != nil {
			return fmt.Errorf("ping: %w", err)
		}
	}
	gen, err := s.store.Generation(ctx)
	if err != nil {
		return fmt.Errorf("generation: %w", err)
	}
	ctx = context.WithValue(ctx, genKey{}, gen)
	list, err := s.volumes(ctx)
	if err != nil {
		return fmt.Errorf("volumes: %w", err)
	}
	if len(list) == 0 {
		return nil
	}
	vol := list[0].ID
	v, err := s.volume(ctx, vol)
	if err != nil {
		return gone(fmt.Errorf("volume %s: %w", vol, err))
	}
	title := v.Titles.Complete
	if docs := documentOrder(v); len(docs) > 0 {
		d, err := s.store.Document(ctx, vol, docs[0].ID)
		if err != nil {
			return gone(fmt.Errorf("document %s/%s: %w", vol, docs[0].ID, err))
		}
		if d.Title != "" {
			title = d.Title
		}
	}
	word := ""
	for _, w := range query.Words(title) {
		if len(w) > len(word) {
			word = w // the longest word, likely the rarest
		}
	}
	req := &chancery.SearchRequest{Volumes: []string{vol}, Sort: chancery.SortRelevance, Limit: 1}
	if word != "" {
		if req.Query, err = query.Parse(`"` + word + `"`); err != nil {
			req.Query = nil
		}
	}
	if _, err := s.store.Search(ctx, req); err != nil {
		return fmt.Errorf("search %q in %s: %w", word, vol, err)
	}
	return nil
}

// gone returns nil for a read of something removed since it was listed.
func gone(err error) error {
	if errors.Is(err, chancery.ErrNotFound) && !unavailable(err) {
		return nil
	}
	return err
}
