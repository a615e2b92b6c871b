package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

// loadAll stores the three test volumes.
func loadAll(t *testing.T, s chancery.Store) {
	t.Helper()
	for _, n := range TestVolumes {
		mustPut(t, s, Volume(t, n), chancery.Added)
	}
}

// find runs a search for q, or for no words when q is "".
func find(t *testing.T, s chancery.Store, q string, edit func(*chancery.SearchRequest)) *chancery.SearchResult {
	t.Helper()
	var pq *query.Query
	if q != "" {
		var err error
		if pq, err = query.Parse(q); err != nil {
			t.Fatalf("Parse(%q): %v", q, err)
		}
	}
	req := &chancery.SearchRequest{Query: pq, Limit: 50, Facets: true}
	if edit != nil {
		edit(req)
	}
	res, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return res
}

func ids(res *chancery.SearchResult) string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Volume+"/"+h.Document)
	}
	return strings.Join(out, " ")
}

func sortedIDs(res *chancery.SearchResult) string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Volume+"/"+h.Document)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// testSearchLanguage runs each operator of the query language against the
// test volumes, whose words are known.
func testSearchLanguage(t *testing.T, s chancery.Store) {
	loadAll(t, s)
	tests := []struct {
		q, want string // want: the matching documents, sorted
	}{
		{"Gromyko Khrushchev", "frus1961-63v05/d253 frus1961-63v05/d256"},
		{`"test ban"`, "frus1961-63v05/d253"},
		{`"ban test"`, ""},
		{`"Gromyko Khrushchev"~40`, "frus1961-63v05/d253"}, // 30 lines apart in d256
		{"Gromyko -Khrushchev", "frus1961-63v05/d254 frus1961-63v05/d255"},
		{"Khrushchev OR Bigelow", "frus1866p1/d4 frus1866p1/d4a frus1866p1/d5 frus1866p1/d6 frus1961-63v05/d253 frus1961-63v05/d256"},
		{"(Khrushchev OR Bigelow) -Gromyko", "frus1866p1/d4 frus1866p1/d4a frus1866p1/d5 frus1866p1/d6"},
		{"Fenians", ""}, // only in the table of contents and the index
		{"agricultur*", "frus1961-63v05/d257"},
		{"gromy?o", "frus1961-63v05/d253 frus1961-63v05/d254 frus1961-63v05/d255 frus1961-63v05/d256"},
		{"officer", "frus1895Supp/d3 frus1961-63v05/d253"},
		{"=office", "frus1961-63v05/d253"},
		{"=officers", "frus1895Supp/d3"},
		{"title:telegram", "frus1961-63v05/d254"},
		{"place:Moscow", "frus1961-63v05/d254"},
		{"in:notes Gromyko", "frus1961-63v05/d253"},
		{"GROMÝKO in:notes", "frus1961-63v05/d253"},
		{"mystery", ""},
		{"only agricultural equipment", "frus1961-63v05/d257"},
		{"receive in:text =recieve", ""},
		{"person:seward", "frus1866p1/d4 frus1866p1/d5"},
		{"Khrushchev AND Gromyko", "frus1961-63v05/d253 frus1961-63v05/d256"},
		{"Gromyko NOT Khrushchev", "frus1961-63v05/d254 frus1961-63v05/d255"},
		{`title:"embassy in the soviet union"`, "frus1961-63v05/d254"},
		{`title:"soviet embassy"`, ""},
		{"title:telegram OR place:Moscow", "frus1961-63v05/d254"},
	}
	for _, tt := range tests {
		res := find(t, s, tt.q, nil)
		if got := sortedIDs(res); got != tt.want {
			t.Errorf("%s: got [%s], want [%s]", tt.q, got, tt.want)
		}
		if res.Total != len(res.Hits) {
			t.Errorf("%s: total %d, %d hits", tt.q, res.Total, len(res.Hits))
		}
	}
}

func testSearchResults(t *testing.T, s chancery.Store) {
	loadAll(t, s)
	res := find(t, s, "Gromyko", nil)
	if res.Total != 4 || len(res.Hits) != 4 {
		t.Fatalf("Gromyko: %d hits of %d", len(res.Hits), res.Total)
	}
	for i, h := range res.Hits {
		if h.Title == "" || h.N == "" || h.Date == nil && h.Document != "d255" || h.Score <= 0 {
			t.Errorf("hit %d lacks a field: %+v", i, h)
		}
		if i > 0 && h.Score > res.Hits[i-1].Score {
			t.Errorf("hits not in relevance order: %v then %v", res.Hits[i-1].Score, h.Score)
		}
		var match bool
		for _, p := range h.Snippet {
			if p.Match {
				match = true
				if !strings.EqualFold(p.Text, "Gromyko") {
					t.Errorf("highlighted %q in %s", p.Text, h.Document)
				}
			}
		}
		if !match {
			t.Errorf("snippet of %s highlights nothing: %+v", h.Document, h.Snippet)
		}
	}
	// A title match ranks first.
	if res := find(t, s, "telegram", nil); len(res.Hits) == 0 || res.Hits[0].Document != "d254" {
		t.Errorf("telegram: first hit %s, want d254 (its title)", ids(res))
	}
	// Paging.
	page2 := find(t, s, "Gromyko", func(r *chancery.SearchRequest) { r.Limit, r.Offset = 2, 2 })
	if page2.Total != 4 || ids(page2) != strings.Join(strings.Fields(ids(res))[2:], " ") {
		t.Errorf("page 2 = [%s] of %d, want the last two of [%s]", ids(page2), page2.Total, ids(res))
	}
	// Date order.
	asc := find(t, s, "receive", func(r *chancery.SearchRequest) { r.Sort = chancery.SortDateAsc })
	for i := 1; i < len(asc.Hits); i++ {
		a, b := asc.Hits[i-1].Date, asc.Hits[i].Date
		if a != nil && b != nil && b.Min.Before(a.Min) {
			t.Errorf("date-asc: %s before %s", asc.Hits[i-1].Document, asc.Hits[i].Document)
		}
		if a == nil && b != nil {
			t.Errorf("date-asc: undated %s before dated %s", asc.Hits[i-1].Document, asc.Hits[i].Document)
		}
	}
	desc := find(t, s, "receive", func(r *chancery.SearchRequest) { r.Sort = chancery.SortDateDesc })
	if len(desc.Hits) > 1 && desc.Hits[0].Date.Min.Before(desc.Hits[1].Date.Min) {
		t.Errorf("date-desc: %s before %s", desc.Hits[0].Document, desc.Hits[1].Document)
	}
	t.Run("Browse", func(t *testing.T) { testBrowse(t, s) })
	t.Run("Highlight", func(t *testing.T) { testHighlight(t, s) })
}

// testBrowse: a search without words lists the documents its filters keep,
// oldest first, with the total, facets, paging, and the beginning of each
// document's text as its snippet.
func testBrowse(t *testing.T, s chancery.Store) {
	year1866 := "frus1866p1/d4a frus1866p1/d1 frus1866p1/d2 frus1866p1/d3 frus1866p1/d4 frus1866p1/d5 frus1866p1/d6"
	tests := []struct {
		name   string
		p      search.Params
		total  int
		want   string // the page's documents, in order
		years  string // the year facet
		zeroed bool
	}{
		{"a year", search.Params{From: "1866", To: "1866", Limit: 10}, 7, year1866, "1866:7", true},
		{"relevance asked for", search.Params{From: "1866", To: "1866", Sort: chancery.SortRelevance, Limit: 10}, 7, year1866, "1866:7", true},
		{"a page", search.Params{From: "1866", To: "1866", Limit: 3, Offset: 3}, 7, "frus1866p1/d3 frus1866p1/d4 frus1866p1/d5", "1866:7", true},
		{"newest first", search.Params{From: "1866", To: "1866", Sort: chancery.SortDateDesc, Limit: 2}, 7, "frus1866p1/d6 frus1866p1/d5", "1866:7", true},
		{"a decade", search.Params{From: "1960", To: "1969", Limit: 2}, 4, "frus1961-63v05/d253 frus1961-63v05/d254", "1962:4", true},
		{"undated last", search.Params{Volumes: []string{"frus1895Supp"}, Limit: 10}, 4, "frus1895Supp/d1 frus1895Supp/d3 frus1895Supp/d2 frus1895Supp/d4", "1895:3", true},
		{"counts only", search.Params{From: "1866", To: "1866"}, 7, "", "1866:7", true},
	}
	for _, tt := range tests {
		tt.p.Facets = true
		req, err := tt.p.Request()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		res, err := s.Search(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if res.Total != tt.total || ids(res) != tt.want {
			t.Errorf("%s: %d documents [%s], want %d [%s]", tt.name, res.Total, ids(res), tt.total, tt.want)
		}
		if res.Facets == nil {
			t.Fatalf("%s: no facets", tt.name)
		}
		var years []string
		for _, y := range res.Facets.Years {
			years = append(years, y.Value+":"+strconv.Itoa(y.Count))
		}
		if got := strings.Join(years, " "); got != tt.years {
			t.Errorf("%s: years %s, want %s", tt.name, got, tt.years)
		}
		for _, h := range res.Hits {
			if h.Score != 0 {
				t.Errorf("%s: %s scored %v without words", tt.name, h.Document, h.Score)
			}
			if len(h.Snippet) == 0 || h.Snippet[0].Match || strings.HasPrefix(h.Snippet[0].Text, "…") {
				t.Errorf("%s: snippet of %s %+v, want the beginning of its text", tt.name, h.Document, h.Snippet)
			}
		}
	}
	// The first words of a document's text.
	res := find(t, s, "", func(r *chancery.SearchRequest) { r.Volumes, r.Sort = []string{"frus1961-63v05"}, chancery.SortDateAsc })
	if len(res.Hits) == 0 || !strings.HasPrefix(res.Hits[0].Snippet[0].Text, "Washington, October 18, 1962") {
		t.Errorf("snippet without words: %+v", res.Hits)
	}
}

// testHighlight: a store that tells which words a query marks in the
// documents it finds (for a document page reached from a search) marks
// the words its snippets mark.
func testHighlight(t *testing.T, s chancery.Store) {
	hs, ok := s.(interface {
		Highlight(context.Context, *query.Query) (*search.Highlight, error)
	})
	if !ok {
		t.Skip("the store does not tell which words a query marks")
	}
	tests := []struct {
		q, text, want string
	}{
		{"officer", "the office of the officers, officious", "the [office] of the [officers], officious"},
		{"=office", "the office of the officers", "the [office] of the officers"},
		{"agricultur*", "agricultural and agriculture, not agrarian", "[agricultural] and [agriculture], not agrarian"},
		{`"test ban"`, "a test ban, not a ban test", "a [test] [ban], not a ban test"},
		{"Gromyko -Khrushchev", "Gromyko and Khrushchev", "[Gromyko] and Khrushchev"},
		{"GROMÝKO", "Gromyko, GROMYKO", "[Gromyko], [GROMYKO]"},
	}
	for _, tt := range tests {
		q, err := query.Parse(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		h, err := hs.Highlight(context.Background(), q)
		if err != nil {
			t.Fatalf("Highlight(%s): %v", tt.q, err)
		}
		var b strings.Builder
		pos := 0
		for _, r := range h.MatchRanges(tt.text) {
			b.WriteString(tt.text[pos:r[0]] + "[" + tt.text[r[0]:r[1]] + "]")
			pos = r[1]
		}
		if got := b.String() + tt.text[pos:]; got != tt.want {
			t.Errorf("Highlight(%s) marks %q, want %q", tt.q, got, tt.want)
		}
		// The highlight marks what the snippets mark.
		for _, hit := range find(t, s, tt.q, nil).Hits {
			var text strings.Builder
			var marked [][2]int
			for _, p := range hit.Snippet {
				if p.Match {
					marked = append(marked, [2]int{text.Len(), text.Len() + len(p.Text)})
				}
				text.WriteString(p.Text)
			}
			if got := h.MatchRanges(text.String()); fmt.Sprint(got) != fmt.Sprint(marked) {
				t.Errorf("%s: the snippet of %s marks %v, the highlight %v: %q", tt.q, hit.Document, marked, got, text.String())
			}
		}
	}
}

func testSearchFilters(t *testing.T, s chancery.Store) {
	loadAll(t, s)
	day := func(s string) time.Time {
		d, _ := time.Parse("2006-01-02", s)
		return d.Add(5 * time.Hour)
	}
	tests := []struct {
		name string
		q    string
		edit func(*chancery.SearchRequest)
		want string
	}{
		{"volume", "receive", func(r *chancery.SearchRequest) { r.Volumes = []string{"frus1961-63v05"} }, "frus1961-63v05/d253"},
		{"dates", "Gromyko", func(r *chancery.SearchRequest) { r.From, r.To = day("1962-10-19"), day("1962-10-20") }, "frus1961-63v05/d254"},
		// d256 spans October 20–21: within a range covering both days, not
		// within one ending on the 20th.
		{"interval inside", "Gromyko", func(r *chancery.SearchRequest) { r.From, r.To = day("1962-10-20"), day("1962-10-22") }, "frus1961-63v05/d256"},
		{"interval straddling", "Gromyko", func(r *chancery.SearchRequest) { r.From, r.To = day("1962-10-20"), day("1962-10-21").Add(-time.Second) }, ""},
		{"editorial", "Gromyko", func(r *chancery.SearchRequest) { r.Kind = chancery.KindEditorial }, "frus1961-63v05/d255"},
		{"historical", "Gromyko", func(r *chancery.SearchRequest) { r.Kind = chancery.KindHistorical }, "frus1961-63v05/d253 frus1961-63v05/d254 frus1961-63v05/d256"},
		{"type", "Gromyko", func(r *chancery.SearchRequest) { r.Types = []string{chancery.TypeTelegram} }, "frus1961-63v05/d254"},
		// Without words, the filters alone.
		{"dates without words", "", func(r *chancery.SearchRequest) { r.From, r.To = day("1962-10-19"), day("1962-10-20") }, "frus1961-63v05/d254"},
		{"volume without words", "", func(r *chancery.SearchRequest) { r.Volumes = []string{"frus1895Supp"} },
			"frus1895Supp/d1 frus1895Supp/d2 frus1895Supp/d3 frus1895Supp/d4"},
		{"type without words", "", func(r *chancery.SearchRequest) { r.Types = []string{chancery.TypeTelegram} }, "frus1866p1/d3 frus1961-63v05/d254"},
		{"editorial without words", "", func(r *chancery.SearchRequest) { r.Kind = chancery.KindEditorial }, "frus1961-63v05/d255"},
		{"empty query", "", func(r *chancery.SearchRequest) {
			r.Query = &query.Query{}
			r.Kind, r.Volumes = chancery.KindEditorial, []string{"frus1961-63v05"}
		}, "frus1961-63v05/d255"},
	}
	for _, tt := range tests {
		res := find(t, s, tt.q, tt.edit)
		if got := sortedIDs(res); got != tt.want {
			t.Errorf("%s: got [%s], want [%s]", tt.name, got, tt.want)
		}
	}
}

func testSearchFacets(t *testing.T, s chancery.Store) {
	loadAll(t, s)
	res := find(t, s, "receive OR Gromyko", func(r *chancery.SearchRequest) { r.Limit = 0 })
	f := res.Facets
	if f == nil || res.Total == 0 || len(res.Hits) != 0 {
		t.Fatalf("facets %+v, total %d, %d hits", f, res.Total, len(res.Hits))
	}
	sum := func(cs []chancery.FacetCount) int {
		n := 0
		for _, c := range cs {
			n += c.Count
		}
		return n
	}
	if sum(f.Volumes) != res.Total || sum(f.Types) != res.Total {
		t.Errorf("volume facets sum to %d, types to %d, total %d", sum(f.Volumes), sum(f.Types), res.Total)
	}
	if sum(f.Years) != sum(f.Decades) || sum(f.Years) > res.Total {
		t.Errorf("years sum to %d, decades to %d", sum(f.Years), sum(f.Decades))
	}
	var gromyko int
	for _, p := range f.Persons {
		if p.Value == "Gromyko, Andrei A." {
			gromyko = p.Count
		}
	}
	if gromyko == 0 {
		t.Errorf("persons facet lacks Gromyko, Andrei A.: %+v", f.Persons)
	}
	for _, v := range f.Volumes {
		if v.Label == "" {
			t.Errorf("volume facet %s has no label", v.Value)
		}
	}
}

// testSearchAfterReplace: a re-stored volume leaves no stale or missing
// hits, and a deleted one none at all.
func testSearchAfterReplace(t *testing.T, s chancery.Store) {
	loadAll(t, s)
	v2 := Volume(t, "frus1961-63v05.xml")
	v2.Volume.Hash += "-v2"
	v2.Documents = v2.Documents[:3] // d253–d255
	v2.Documents[0].Title = "Zanzibar memorandum"
	mustPut(t, s, v2, chancery.Replaced)
	if got := sortedIDs(find(t, s, "Zanzibar", nil)); got != "frus1961-63v05/d253" {
		t.Errorf("new title: [%s]", got)
	}
	if got := sortedIDs(find(t, s, "agricultural", nil)); got != "" {
		t.Errorf("document gone from the new version still found: [%s]", got)
	}
	if got := sortedIDs(find(t, s, "Gromyko", nil)); got != "frus1961-63v05/d253 frus1961-63v05/d254 frus1961-63v05/d255" {
		t.Errorf("after replace: [%s]", got)
	}
	if err := s.DeleteVolume(context.Background(), "frus1961-63v05"); err != nil {
		t.Fatal(err)
	}
	if res := find(t, s, "Gromyko", nil); res.Total != 0 {
		t.Errorf("after delete: %d hits", res.Total)
	}
}

// testSearchBudget: a query whose terms stand for more of the index than
// one search may read is refused, saying why, before it runs; a smaller
// one over the same words runs.
func testSearchBudget(t *testing.T, s chancery.Store) {
	v := Volume(t, "frus1866p1.xml")
	// 9 prefixes, zqa* to zqi*, each beginning 520 indexed words.
	var words []string
	for p := 'a'; p <= 'i'; p++ {
		for i := range 520 {
			words = append(words, fmt.Sprintf("zq%c%c%c%c", p, 'a'+i/26/26%26, 'a'+i/26%26, 'a'+i%26))
		}
	}
	v.Documents[0].Title = strings.Join(words, " ")
	mustPut(t, s, v, chancery.Added)

	wall, err := query.Parse("zqa* zqb* zqc* zqd* zqe* zqf* zqg* zqh* zqi*")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Search(context.Background(), &chancery.SearchRequest{Query: wall, Limit: 10})
	var bad *chancery.BadRequestError
	if !errors.As(err, &bad) || !strings.Contains(bad.Msg, "too much") {
		t.Errorf("nine prefixes of 512 words each: got %v, want a *chancery.BadRequestError saying the search asks for too much", err)
	}
	if res := find(t, s, "zqa* zqb* zqc*", nil); res.Total != 1 || res.Hits[0].Document != v.Documents[0].ID {
		t.Errorf("three prefixes: got [%s] of %d, want %s", ids(res), res.Total, v.Documents[0].ID)
	}
}

// testSearchWhileStoring: searches running while a volume is removed and
// stored again, over and over, never fail, and find, once the writes are
// done, what they found before.
func testSearchWhileStoring(t *testing.T, s chancery.Store) {
	loadAll(t, s)
	queries := []string{"Gromyko", `"test ban"`, "agricultur*", "person:seward", "treaty OR canal"}
	before := map[string]string{}
	for _, q := range queries {
		before[q] = sortedIDs(find(t, s, q, nil))
	}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ctx.Err() == nil; i++ {
				q, err := query.Parse(queries[i%len(queries)])
				if err != nil {
					errs <- err
					return
				}
				if _, err := s.Search(ctx, &chancery.SearchRequest{Query: q, Limit: 10, Facets: true}); err != nil && ctx.Err() == nil {
					errs <- fmt.Errorf("%s: %w", queries[i%len(queries)], err)
					return
				}
			}
		}()
	}
	v := Volume(t, "frus1866p1.xml")
	for range 5 {
		if err := s.DeleteVolume(context.Background(), v.Volume.ID); err != nil {
			t.Fatal(err)
		}
		mustPut(t, s, v, chancery.Added)
	}
	stop()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, q := range queries {
		if got := sortedIDs(find(t, s, q, nil)); got != before[q] {
			t.Errorf("%s after the writes: [%s], want [%s]", q, got, before[q])
		}
	}
}
