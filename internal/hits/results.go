package hits

import (
	"strconv"
	"strings"
	"time"

	"github.com/chancery-frus/chancery"
)

// Results keeps recent search results that were slow to compute, for
// the corpus generation they were computed at: a repeated search for a
// frequent word or phrase (whose facets and ranking read thousands of
// matches) is then answered from memory. Results are small: a page of
// hits and the facet counts. They are kept within a byte budget, and a
// large one (a page of a thousand hits with snippets) is not kept at all.
type Results struct {
	lru lru[*chancery.SearchResult]
}

const (
	// ResultsBudget bounds the bytes of the results kept.
	ResultsBudget = 32 << 20
	// maxResultSize is the largest result kept: larger ones would take
	// the room of many.
	maxResultSize = ResultsBudget / 64
	minResultCost = 5 * time.Millisecond // cheaper searches are not kept
)

// resultSize estimates the memory a result holds: its strings and the
// fixed part of its hits and facet counts.
func resultSize(r *chancery.SearchResult) int {
	const hitSize, partSize, countSize = 200, 40, 48
	n := 64
	for _, h := range r.Hits {
		n += hitSize + len(h.Volume) + len(h.Document) + len(h.N) + len(h.Title) + len(h.Type) + len(h.Subtype) + len(h.VolumeTitle)
		for _, p := range h.Snippet {
			n += partSize + len(p.Text)
		}
	}
	if f := r.Facets; f != nil {
		for _, list := range [][]chancery.FacetCount{f.Volumes, f.Decades, f.Years, f.Types, f.Persons} {
			for _, c := range list {
				n += countSize + len(c.Value) + len(c.Label)
			}
		}
	}
	return n
}

// RequestKey identifies a search request.
func RequestKey(req *chancery.SearchRequest) string {
	var b strings.Builder
	if !req.Query.Empty() {
		b.WriteString(req.Query.Scope + "\x00" + req.Query.Root.String())
	}
	if req.Query != nil {
		for _, l := range req.Query.Links {
			b.WriteString("\x00" + l.String())
		}
	}
	b.WriteString("\x00")
	b.WriteString(strings.Join(req.Volumes, ",") + "\x00" + strings.Join(req.Types, ",") + "\x00" + req.Kind + "\x00" + req.Sort + "\x00")
	for _, t := range []time.Time{req.From, req.To} {
		b.WriteString(strconv.FormatInt(t.UnixNano(), 10) + "\x00")
	}
	b.WriteString(strconv.Itoa(req.Offset) + "\x00" + strconv.Itoa(req.Limit) + "\x00" + strconv.FormatBool(req.Facets))
	return b.String()
}

// Get returns a kept result; callers must not change it (see CopyResult).
func (c *Results) Get(gen int64, key string) (*chancery.SearchResult, bool) {
	return c.lru.get(gen, key)
}

// Put keeps a result that took cost to compute; callers must not change it
// afterwards.
func (c *Results) Put(gen int64, key string, res *chancery.SearchResult, cost time.Duration) {
	if cost < minResultCost {
		return
	}
	if size := resultSize(res); size <= maxResultSize {
		c.lru.put(gen, key, res, size, ResultsBudget)
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
