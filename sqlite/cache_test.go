package sqlite

import (
	"testing"
	"time"
)

func TestMatchCache(t *testing.T) {
	var c matchCache
	big := make([]scored, minCachedMatches)
	c.put(1, "a", big, 0)
	if _, ok := c.get(1, "a"); !ok {
		t.Fatal("list not kept")
	}
	if _, ok := c.get(2, "a"); ok {
		t.Error("list of another generation served")
	}
	c.put(1, "small", make([]scored, 10), 0)
	if _, ok := c.get(1, "small"); ok {
		t.Error("small list kept")
	}
	c.put(1, "slow", make([]scored, 10), time.Second)
	if _, ok := c.get(1, "slow"); !ok {
		t.Error("small list that was slow to find not kept")
	}
	// Fill past the budget: the least recently used goes first.
	n := matchCacheBudget / (bytesPerHit * len(big))
	c.get(1, "a")
	for i := 0; i < n+1; i++ {
		c.put(1, string(rune('b'+i)), big, 0)
	}
	if _, ok := c.get(1, "a"); ok {
		t.Error("least recently used list not evicted")
	}
	if c.used > matchCacheBudget {
		t.Errorf("cache holds %d bytes, budget %d", c.used, matchCacheBudget)
	}
	c.put(2, "z", big, 0)
	if _, ok := c.get(2, "b"); ok || c.used != len(big)*bytesPerHit {
		t.Error("a new generation did not start afresh")
	}
}

func TestTopK(t *testing.T) {
	hits := []scored{{1, 5}, {2, 1}, {3, 4}, {4, 2}, {5, 3}}
	less := func(a, b scored) bool { return a.score < b.score }
	got := topK(hits, 3, less)
	if len(got) != 3 || got[0].row != 2 || got[1].row != 4 || got[2].row != 5 {
		t.Errorf("topK = %v", got)
	}
	if hits[0].row != 1 {
		t.Error("topK changed its input")
	}
	if all := topK(hits, 10, less); len(all) != 5 || all[4].row != 1 || hits[0].row != 1 {
		t.Errorf("topK over all = %v; input %v", all, hits)
	}
}
