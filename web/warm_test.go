package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/storetest"
	"github.com/chancery-frus/chancery/web"
)

// syncBuffer is a log destination that tests may read while it is written.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) count(sub string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Count(s.b.String(), sub)
}

// TestKeepWarm: the search index and the volumes are loaded when the
// server starts and again after the corpus changes, without a request
// asking for them.
func TestKeepWarm(t *testing.T) {
	db := testdb.Open(t) // SQLite, or PostgreSQL with CHANCERY_TEST_BACKEND=postgres
	var logs syncBuffer
	srv, err := web.New(db, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		srv.KeepWarm(ctx, 10*time.Millisecond)
		close(done)
	}()
	waitFor := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); logs.count("search ready") < n; {
			if time.Now().After(deadline) {
				t.Fatalf("%d loads logged, want %d:\n%s", logs.count("search ready"), n, logs.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor(1)
	storetest.PutTestVolumes(t, db) // changes the corpus
	waitFor(2)
	for deadline := time.Now().Add(10 * time.Second); logs.count(`volumes ready" volumes=3`) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the volumes were not loaded:\n%s", logs.String())
		}
	}
	time.Sleep(50 * time.Millisecond)
	cancel()
	<-done
	if n := logs.count("search ready"); n > 4 {
		t.Errorf("%d loads for an unchanged corpus:\n%s", n, logs.String()) // PutTestVolumes stores 3 volumes: at most 4 generations
	}
}
