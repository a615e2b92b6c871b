package hits

import (
	"context"
	"errors"
	"sync"
)

// PerGeneration holds one value computed for a corpus generation: the
// vocabulary, the documents' metadata. A value of an older generation is
// replaced on the first Get of a newer one. One caller computes it; the
// others wait for that computation without holding a lock, each giving up
// when its own context ends.
type PerGeneration[T any] struct {
	mu     sync.Mutex
	gen    int64
	v      T
	ok     bool
	flight *flight[T] // the computation under way, if any
}

// flight is a computation of the value for one generation.
type flight[T any] struct {
	gen  int64
	done chan struct{} // closed when v and err are set
	v    T
	err  error
}

// Get returns the value for generation gen, computing it with load if
// the value held is missing or of another generation. While another
// caller computes the value for gen, Get waits for it, or returns ctx's
// error when ctx ends first; when that computation failed because its
// caller's context ended, Get computes the value itself.
func (p *PerGeneration[T]) Get(ctx context.Context, gen int64, load func() (T, error)) (T, error) {
	for {
		p.mu.Lock()
		if p.ok && p.gen == gen {
			v := p.v
			p.mu.Unlock()
			return v, nil
		}
		f := p.flight
		if f == nil || f.gen != gen {
			f = &flight[T]{gen: gen, done: make(chan struct{})}
			p.flight = f
			p.mu.Unlock()
			return p.compute(f, load)
		}
		p.mu.Unlock()
		select {
		case <-f.done:
			if f.err != nil && (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) && ctx.Err() == nil {
				continue // the computing caller gave up, not this one
			}
			return f.v, f.err
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
}

// compute runs load for flight f and publishes what it gives, even when
// load panics, so that waiters never wait for nothing.
func (p *PerGeneration[T]) compute(f *flight[T], load func() (T, error)) (v T, err error) {
	f.err = errPanicked
	defer func() {
		p.mu.Lock()
		if f.err == nil && (!p.ok || p.gen <= f.gen) {
			p.v, p.gen, p.ok = f.v, f.gen, true
		}
		if p.flight == f {
			p.flight = nil
		}
		p.mu.Unlock()
		close(f.done)
	}()
	f.v, f.err = load()
	return f.v, f.err
}

// errPanicked is what waiters get when the computation they waited for
// panicked.
var errPanicked = errors.New("loading the corpus's search data failed")

// Holds reports whether a value for generation gen is held.
func (p *PerGeneration[T]) Holds(gen int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ok && p.gen == gen
}
