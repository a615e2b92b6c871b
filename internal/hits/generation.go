package hits

import "sync"

// PerGeneration holds one value computed for a corpus generation — a
// vocabulary, the documents' metadata — and computes it again when the
// generation changes. Concurrent callers wait for one computation.
type PerGeneration[T any] struct {
	mu  sync.Mutex
	gen int64
	v   T
	ok  bool
}

// Get returns the value for generation gen, computing it with load if
// the value held is missing or of another generation.
func (p *PerGeneration[T]) Get(gen int64, load func() (T, error)) (T, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ok && p.gen == gen {
		return p.v, nil
	}
	v, err := load()
	if err != nil {
		var zero T
		return zero, err
	}
	p.v, p.gen, p.ok = v, gen, true
	return v, nil
}

// Holds reports whether a value for generation gen is held.
func (p *PerGeneration[T]) Holds(gen int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ok && p.gen == gen
}
