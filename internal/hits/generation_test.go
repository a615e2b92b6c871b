package hits

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPerGeneration(t *testing.T) {
	ctx := context.Background()
	var p PerGeneration[int]
	loads := 0
	load := func() (int, error) { loads++; return loads, nil }
	if v, _ := p.Get(ctx, 1, load); v != 1 || !p.Holds(1) {
		t.Fatalf("first Get = %d", v)
	}
	if v, _ := p.Get(ctx, 1, load); v != 1 || loads != 1 {
		t.Errorf("same generation computed again: %d loads", loads)
	}
	if _, err := p.Get(ctx, 2, func() (int, error) { return 0, errors.New("down") }); err == nil || p.Holds(2) {
		t.Error("a failed computation was kept")
	}
	if v, _ := p.Get(ctx, 2, load); v != 2 || p.Holds(1) {
		t.Errorf("new generation = %d", v)
	}
}

// TestPerGenerationWaiters: callers that arrive while the value is being
// computed wait for that computation — one load for all — and a caller
// whose context ends gives up at once instead of waiting behind a lock.
func TestPerGenerationWaiters(t *testing.T) {
	var p PerGeneration[int]
	release := make(chan struct{})
	started := make(chan struct{})
	var loads atomic.Int32
	load := func() (int, error) {
		if loads.Add(1) == 1 {
			close(started)
		}
		<-release
		return 7, nil
	}
	var wg sync.WaitGroup
	results := make([]int, 4)
	wg.Add(1)
	go func() {
		defer wg.Done()
		results[0], _ = p.Get(context.Background(), 1, load)
	}()
	<-started
	for i := 1; i < len(results); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = p.Get(context.Background(), 1, load)
		}()
	}
	// A caller with a deadline does not wait for the load.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := p.Get(ctx, 1, load); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a waiter whose deadline passed got %v, want the deadline", err)
	}
	close(release)
	wg.Wait()
	for i, v := range results {
		if v != 7 {
			t.Errorf("caller %d got %d, want 7", i, v)
		}
	}
	if n := loads.Load(); n != 1 {
		t.Errorf("%d loads for one generation, want 1", n)
	}
}

// TestPerGenerationLoaderGivesUp: when the caller computing the value is
// cancelled, a waiter whose own context is live computes it itself; and a
// computation that panics releases its waiters.
func TestPerGenerationLoaderGivesUp(t *testing.T) {
	var p PerGeneration[int]
	started, release := make(chan struct{}), make(chan struct{})
	go p.Get(context.Background(), 1, func() (int, error) {
		close(started)
		<-release
		return 0, context.Canceled
	})
	<-started
	got := make(chan int)
	go func() {
		v, _ := p.Get(context.Background(), 1, func() (int, error) { return 9, nil })
		got <- v
	}()
	time.Sleep(10 * time.Millisecond) // let the waiter wait
	close(release)
	if v := <-got; v != 9 {
		t.Errorf("the waiter got %d, want the value it computed itself (9)", v)
	}

	var q PerGeneration[int]
	func() {
		defer func() { recover() }()
		q.Get(context.Background(), 1, func() (int, error) { panic("boom") })
	}()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if v, err := q.Get(ctx, 1, func() (int, error) { return 3, nil }); err != nil || v != 3 {
		t.Errorf("after a panicked load: %d, %v; want 3", v, err)
	}
}
