package hits

import (
	"errors"
	"testing"
)

func TestPerGeneration(t *testing.T) {
	var p PerGeneration[int]
	loads := 0
	load := func() (int, error) { loads++; return loads, nil }
	if v, _ := p.Get(1, load); v != 1 || !p.Holds(1) {
		t.Fatalf("first Get = %d", v)
	}
	if v, _ := p.Get(1, load); v != 1 || loads != 1 {
		t.Errorf("same generation computed again: %d loads", loads)
	}
	if _, err := p.Get(2, func() (int, error) { return 0, errors.New("down") }); err == nil || p.Holds(2) {
		t.Error("a failed computation was kept")
	}
	if v, _ := p.Get(2, load); v != 2 || p.Holds(1) {
		t.Errorf("new generation = %d", v)
	}
}
