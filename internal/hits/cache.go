package hits

import "time"

// Cache keeps the complete match lists (rowids, with BM25 scores when
// ranked) of recent searches, for the current corpus generation, within a
// memory budget. A query for a very common word matches a large part of
// the corpus, and reading every match from the index is most of its cost;
// with its matches cached, filters, facets and ranking take a millisecond.
// Least recently used lists go first; lists of few matches, which are
// cheap to read again, are not kept unless they were slow to find.
type Cache struct {
	lru lru[[]Scored]
}

// Cache sizes.
const (
	Budget      = 64 << 20              // bytes
	MinMatches  = 2000                  // smaller lists are cheap to read again…
	MinCost     = 10 * time.Millisecond // …unless they took this long
	BytesPerHit = 16
)

// Get returns a kept match list; callers must not change it.
func (c *Cache) Get(gen int64, key string) ([]Scored, bool) { return c.lru.get(gen, key) }

// Put keeps a match list that took cost to read; callers must not change
// hits afterwards. Long lists are kept, and short ones that were slow to
// find (a phrase of frequent words).
func (c *Cache) Put(gen int64, key string, hits []Scored, cost time.Duration) {
	size := cap(hits) * BytesPerHit // what the list holds, room to grow included
	if (len(hits) < MinMatches && cost < MinCost) || size > Budget/4 {
		return
	}
	c.lru.put(gen, key, hits, size, Budget)
}
