package hits

import (
	"testing"
	"time"
)

func TestMatchCache(t *testing.T) {
	var c Cache
	big := make([]Scored, MinMatches)
	c.Put(1, "a", big, 0)
	if _, ok := c.Get(1, "a"); !ok {
		t.Fatal("list not kept")
	}
	if _, ok := c.Get(2, "a"); ok {
		t.Error("list of another generation served")
	}
	c.Put(1, "small", make([]Scored, 10), 0)
	if _, ok := c.Get(1, "small"); ok {
		t.Error("small list kept")
	}
	c.Put(1, "slow", make([]Scored, 10), time.Second)
	if _, ok := c.Get(1, "slow"); !ok {
		t.Error("small list that was slow to find not kept")
	}
	// Fill past the budget: the least recently used goes first.
	n := Budget / (BytesPerHit * len(big))
	c.Get(1, "a")
	for i := 0; i < n+1; i++ {
		c.Put(1, string(rune('b'+i)), big, 0)
	}
	if _, ok := c.Get(1, "a"); ok {
		t.Error("least recently used list not evicted")
	}
	if c.lru.used > Budget {
		t.Errorf("cache holds %d bytes, budget %d", c.lru.used, Budget)
	}
	c.Put(2, "z", big, 0)
	if _, ok := c.Get(2, "b"); ok || c.lru.used != len(big)*BytesPerHit+len("z")+entryBytes {
		t.Error("a new generation did not start afresh")
	}
}

func TestTopK(t *testing.T) {
	hits := []Scored{{1, 5}, {2, 1}, {3, 4}, {4, 2}, {5, 3}}
	less := func(a, b Scored) bool { return a.Score < b.Score }
	got := TopK(hits, 3, less)
	if len(got) != 3 || got[0].Row != 2 || got[1].Row != 4 || got[2].Row != 5 {
		t.Errorf("topK = %v", got)
	}
	if hits[0].Row != 1 {
		t.Error("topK changed its input")
	}
	if all := TopK(hits, 10, less); len(all) != 5 || all[4].Row != 1 || hits[0].Row != 1 {
		t.Errorf("topK over all = %v; input %v", all, hits)
	}
}

// TestCacheCountsKeys: a kept list counts the room it holds and its key,
// so that long keys (the expressions of long OR lists) and lists with
// room to grow stay within the budget.
func TestCacheCountsKeys(t *testing.T) {
	tests := []struct {
		name string
		key  string
		hits []Scored
		want int
	}{
		{"short key", "a", make([]Scored, MinMatches), MinMatches*BytesPerHit + 1 + entryBytes},
		{"long key", string(make([]byte, 10000)), make([]Scored, MinMatches), MinMatches*BytesPerHit + 10000 + entryBytes},
		{"room to grow", "a", make([]Scored, MinMatches, 2*MinMatches), 2*MinMatches*BytesPerHit + 1 + entryBytes},
	}
	for _, tt := range tests {
		var c Cache
		c.Put(1, tt.key, tt.hits, 0)
		if c.lru.used != tt.want {
			t.Errorf("%s: %d bytes counted, want %d", tt.name, c.lru.used, tt.want)
		}
	}
}
