package sqlite

import (
	"container/list"
	"sync"
	"time"
)

// matchCache keeps the complete match lists (rowids, with BM25 scores when
// ranked) of recent searches, for the current corpus generation, within a
// memory budget. A query for a very common word matches a large part of
// the corpus, and reading every match from the index is most of its cost;
// with its matches cached, filters, facets and ranking take a millisecond.
// Least recently used lists go first; lists of few matches, which are
// cheap to read again, are not kept unless they were slow to find.
type matchCache struct {
	mu    sync.Mutex
	gen   int64
	used  int
	lru   *list.List // of *matchEntry, most recent first
	items map[string]*list.Element
}

type matchEntry struct {
	key  string
	hits []scored
}

// Cache sizes.
const (
	matchCacheBudget = 64 << 20              // bytes
	minCachedMatches = 2000                  // smaller lists are cheap to read again…
	minCachedCost    = 10 * time.Millisecond // …unless they took this long
	bytesPerHit      = 16
)

func (c *matchCache) get(gen int64, key string) ([]scored, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.items == nil {
		return nil, false
	}
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return el.Value.(*matchEntry).hits, true
}

// put keeps a match list that took cost to read; callers must not change
// hits afterwards. Long lists are kept, and short ones that were slow to
// find (a phrase of frequent words).
func (c *matchCache) put(gen int64, key string, hits []scored, cost time.Duration) {
	size := len(hits) * bytesPerHit
	if (len(hits) < minCachedMatches && cost < minCachedCost) || size > matchCacheBudget/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.items == nil {
		c.gen, c.used = gen, 0
		c.lru = list.New()
		c.items = map[string]*list.Element{}
	}
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = c.lru.PushFront(&matchEntry{key: key, hits: hits})
	c.used += size
	for c.used > matchCacheBudget {
		last := c.lru.Back()
		e := last.Value.(*matchEntry)
		c.lru.Remove(last)
		delete(c.items, e.key)
		c.used -= len(e.hits) * bytesPerHit
	}
}
