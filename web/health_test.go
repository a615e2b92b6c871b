package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/storetest"
)

// TestHealthKept: /healthz keeps its verdict for a few seconds, so that
// load balancers polling it do not load the store; one check runs at a
// time, however many ask; a new verdict follows the store.
func TestHealthKept(t *testing.T) {
	db := testdb.Open(t)
	storetest.PutTestVolumes(t, db)
	store := testdb.NewFaulty(db)
	s, err := New(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s.health.ttl = 200 * time.Millisecond
	status := func() int {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		return rec.Code
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code := status(); code != http.StatusOK {
				t.Errorf("status %d, want 200", code)
			}
		}()
	}
	wg.Wait()
	if n := store.Calls(testdb.Search); n != 1 {
		t.Errorf("20 requests at once: %d searches, want 1", n)
	}
	store.Fail(testdb.Search, testdb.ErrInternal)
	if code := status(); code != http.StatusOK {
		t.Errorf("within the verdict's time: status %d, want the kept 200", code)
	}
	if n := store.Calls(testdb.Search); n != 1 {
		t.Errorf("within the verdict's time: %d searches, want 1", n)
	}
	time.Sleep(250 * time.Millisecond)
	if code := status(); code != http.StatusServiceUnavailable {
		t.Errorf("once the verdict is old, over a failing search: status %d, want 503", code)
	}
	store.Heal()
	time.Sleep(250 * time.Millisecond)
	if code := status(); code != http.StatusOK {
		t.Errorf("the store healed: status %d, want 200", code)
	}
}

// TestHealthWaitsWithinItsDeadline: a request whose time runs out while
// a check is under way is answered at once, unavailable.
func TestHealthWaitsWithinItsDeadline(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	db := testdb.Open(t)
	storetest.PutTestVolumes(t, db)
	s, err := New(&slowStore{db, release}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := s.healthy(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("healthy = %v, want the request's deadline", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("answered after %v", d)
	}
}

// slowStore is a real store whose Generation waits until released.
type slowStore struct {
	chancery.Store
	release chan struct{}
}

func (s *slowStore) Generation(ctx context.Context) (int64, error) {
	select {
	case <-s.release:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return s.Store.Generation(ctx)
}
