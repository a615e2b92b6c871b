package hits

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
)

func TestResultCache(t *testing.T) {
	var c Results
	res := &chancery.SearchResult{Total: 5, Hits: []chancery.Hit{{Document: "d1"}}, Facets: &chancery.Facets{Volumes: []chancery.FacetCount{{Value: "v", Count: 5}}}}
	c.Put(1, "slow", res, time.Second)
	c.Put(1, "fast", res, time.Millisecond)
	if got, ok := c.Get(1, "slow"); !ok || got.Total != 5 {
		t.Error("a slow result was not kept")
	}
	if _, ok := c.Get(1, "fast"); ok {
		t.Error("a fast result was kept")
	}
	if _, ok := c.Get(2, "slow"); ok {
		t.Error("a result of another generation was served")
	}
	cp := CopyResult(res)
	cp.Hits[0].Document, cp.Facets.Volumes[0].Count = "changed", 0
	if res.Hits[0].Document != "d1" || res.Facets.Volumes[0].Count != 5 {
		t.Error("changing a copy changed the cached result")
	}
	// Each result counts with its key and the cost of an entry.
	per := resultSize(res) + entryBytes
	fit := ResultsBudget / per
	for i := 0; i <= fit; i++ {
		c.Put(1, strconv.Itoa(i), res, time.Second)
	}
	if _, ok := c.Get(1, "slow"); ok || c.lru.used > ResultsBudget || c.lru.order.Len() < ResultsBudget/(per+len(strconv.Itoa(fit))) {
		t.Errorf("the oldest result was not evicted (%d kept, %d bytes, about %d fit)", c.lru.order.Len(), c.lru.used, fit)
	}
}

func TestRequestKey(t *testing.T) {
	q1, _ := query.Parse("Cuba")
	q2, _ := query.Parse("Cuba in:notes")
	a := RequestKey(&chancery.SearchRequest{Query: q1, Limit: 10})
	for _, r := range []*chancery.SearchRequest{
		{Query: q2, Limit: 10},
		{Query: q1, Limit: 10, Offset: 10},
		{Query: q1, Limit: 10, Volumes: []string{"frus1936v03"}},
		{Query: q1, Limit: 10, Sort: chancery.SortDateAsc},
		{Query: q1, Limit: 10, Facets: true},
		{Query: q1, Limit: 10, From: time.Unix(0, 0)},
		{Limit: 10},
		{Query: &query.Query{}, Limit: 10},
	} {
		if RequestKey(r) == a {
			t.Errorf("requests %+v and the plain one share a key", r)
		}
	}
}

// TestKeep: unknown documents are dropped even without filters, and an
// unfiltered list of known documents is not copied.
func TestKeep(t *testing.T) {
	m := NewMeta(3)
	for row := int64(1); row <= 3; row++ {
		m.SetDocument(row, "v", "telegram", 1900, nil)
	}
	m.Done()
	q, _ := query.Parse("x")
	req := &chancery.SearchRequest{Query: q}
	known := []Scored{{Row: 1}, {Row: 3}}
	if got := m.Keep(known, req); &got[0] != &known[0] {
		t.Error("an unfiltered list was copied")
	}
	if got := m.Keep([]Scored{{Row: 2}, {Row: 7}}, req); len(got) != 1 || got[0].Row != 2 {
		t.Errorf("Keep = %v, want row 2 only", got)
	}
	m.Facets(m.Keep([]Scored{{Row: 9}}, req)) // must not index past the metadata
}

// TestResultsBudget: the results kept stay within their byte budget
// however many distinct searches come, and a result of a thousand hits
// with snippets is not kept at all.
func TestResultsBudget(t *testing.T) {
	var c Results
	page := func(hits int) *chancery.SearchResult {
		r := &chancery.SearchResult{Total: hits}
		for i := range hits {
			r.Hits = append(r.Hits, chancery.Hit{Volume: "frus1961-63v05", Document: "d" + strconv.Itoa(i), Title: strings.Repeat("Memorandum of Conversation ", 4),
				Snippet: []chancery.SnippetPart{{Text: strings.Repeat("words around the match ", 12)}, {Text: "Gromyko", Match: true}}})
		}
		return r
	}
	big := page(1000)
	c.Put(1, "big", big, time.Second)
	if _, ok := c.Get(1, "big"); ok {
		t.Errorf("a result of %d bytes was kept; the largest kept is %d", resultSize(big), maxResultSize)
	}
	small := page(20)
	for i := range 3000 {
		c.Put(1, "q"+strconv.Itoa(i), small, time.Second)
	}
	if c.lru.used > ResultsBudget {
		t.Errorf("%d bytes kept, budget %d", c.lru.used, ResultsBudget)
	}
	if _, ok := c.Get(1, "q2999"); !ok {
		t.Error("the latest result was not kept")
	}
	if _, ok := c.Get(1, "q0"); ok && resultSize(small)*3000 > ResultsBudget {
		t.Error("the oldest result was kept beyond the budget")
	}
}
