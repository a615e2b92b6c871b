package hits

import (
	"context"
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
// error when ctx ends first.
func (p *PerGeneration[T]) Get(ctx context.Context, gen int64, load func() (T, error)) (T, error) {
	p.mu.Lock()
	if p.ok && p.gen == gen {
		v := p.v
		p.mu.Unlock()
		return v, nil
	}
	if f := p.flight; f != nil && f.gen == gen {
		p.mu.Unlock()
		select {
		case <-f.done:
			return f.v, f.err
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
	f := &flight[T]{gen: gen, done: make(chan struct{})}
	p.flight = f
	p.mu.Unlock()

	f.v, f.err = load()
	p.mu.Lock()
	if f.err == nil && (!p.ok || p.gen <= gen) {
		p.v, p.gen, p.ok = f.v, gen, true
	}
	if p.flight == f {
		p.flight = nil
	}
	p.mu.Unlock()
	close(f.done)
	return f.v, f.err
}

// Holds reports whether a value for generation gen is held.
func (p *PerGeneration[T]) Holds(gen int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ok && p.gen == gen
}
