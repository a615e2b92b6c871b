package hits

import (
	"container/list"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chancery-frus/chancery"
)

// Results keeps recent search results that were slow to compute, for
// the corpus generation they were computed at: a repeated search for a
// frequent word or phrase (whose facets and ranking read thousands of
// matches) is then answered from memory. Results are small: a page of
// hits and the facet counts.
type Results struct {
	mu    sync.Mutex
	gen   int64
	lru   *list.List // of *resultEntry, most recent first
	items map[string]*list.Element
}

type resultEntry struct {
	key string
	res *chancery.SearchResult
}

const (
	resultCacheSize = 2048
	minResultCost   = 5 * time.Millisecond // cheaper searches are not kept
)

// RequestKey identifies a search request.
func RequestKey(req *chancery.SearchRequest) string {
	var b strings.Builder
	b.WriteString(req.Query.Scope + "\x00" + req.Query.Root.String() + "\x00")
	b.WriteString(strings.Join(req.Volumes, ",") + "\x00" + strings.Join(req.Types, ",") + "\x00" + req.Kind + "\x00" + req.Sort + "\x00")
	for _, t := range []time.Time{req.From, req.To} {
		b.WriteString(strconv.FormatInt(t.UnixNano(), 10) + "\x00")
	}
	b.WriteString(strconv.Itoa(req.Offset) + "\x00" + strconv.Itoa(req.Limit) + "\x00" + strconv.FormatBool(req.Facets))
	return b.String()
}

// Get returns a kept result; callers must not change it (see CopyResult).
func (c *Results) Get(gen int64, key string) (*chancery.SearchResult, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil || c.gen != gen {
		return nil, false
	}
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return el.Value.(*resultEntry).res, true
}

// Put keeps a result that took cost to compute; callers must not change it
// afterwards.
func (c *Results) Put(gen int64, key string, res *chancery.SearchResult, cost time.Duration) {
	if cost < minResultCost {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil || c.gen != gen {
		c.gen, c.lru, c.items = gen, list.New(), map[string]*list.Element{}
	}
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = c.lru.PushFront(&resultEntry{key: key, res: res})
	if c.lru.Len() > resultCacheSize {
		last := c.lru.Back()
		c.lru.Remove(last)
		delete(c.items, last.Value.(*resultEntry).key)
	}
}

// CopyResult returns a copy of a cached result that a caller may change.
func CopyResult(r *chancery.SearchResult) *chancery.SearchResult {
	out := *r
	out.Hits = append([]chancery.Hit(nil), r.Hits...)
	if r.Facets != nil {
		f := *r.Facets
		f.Volumes = append([]chancery.FacetCount(nil), f.Volumes...)
		f.Decades = append([]chancery.FacetCount(nil), f.Decades...)
		f.Years = append([]chancery.FacetCount(nil), f.Years...)
		f.Types = append([]chancery.FacetCount(nil), f.Types...)
		f.Persons = append([]chancery.FacetCount(nil), f.Persons...)
		out.Facets = &f
	}
	return &out
}
