package hits

import (
	"container/list"
	"sync"
)

// lru keeps values for one corpus generation within a budget, the least
// recently used going first; a value of another generation starts it
// afresh. Its zero value is empty and ready.
type lru[V any] struct {
	mu    sync.Mutex
	gen   int64
	used  int
	order *list.List // of *lruEntry[V], most recent first
	items map[string]*list.Element
}

type lruEntry[V any] struct {
	key  string
	v    V
	size int
}

func (c *lru[V]) get(gen int64, key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero V
	if c.items == nil || c.gen != gen {
		return zero, false
	}
	el, ok := c.items[key]
	if !ok {
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*lruEntry[V]).v, true
}

// entryBytes is what keeping a value costs besides the value itself: its
// list element, entry and map slot (its key is counted apart).
const entryBytes = 128

// put keeps v, of the given size, and drops the least recently used
// values until all fit in budget. Each value counts with its key and
// entryBytes.
func (c *lru[V]) put(gen int64, key string, v V, size, budget int) {
	size += len(key) + entryBytes
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil || c.gen != gen {
		c.gen, c.used = gen, 0
		c.order = list.New()
		c.items = map[string]*list.Element{}
	}
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = c.order.PushFront(&lruEntry[V]{key: key, v: v, size: size})
	c.used += size
	for c.used > budget {
		last := c.order.Back()
		e := last.Value.(*lruEntry[V])
		c.order.Remove(last)
		delete(c.items, e.key)
		c.used -= e.size
	}
}
