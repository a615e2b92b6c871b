package web

import (
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/storetest"
)

// newSearchServer serves the test volumes.
func newSearchServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	db := testdb.Open(t) // SQLite, or PostgreSQL with CHANCERY_TEST_BACKEND=postgres
	storetest.PutTestVolumes(t, db)
	s, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func getPage(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	code, body, _ := get(t, srv.URL+path)
	return code, body
}

var hitLink = regexp.MustCompile(`<h3><a href="([^"]+)">`)

// hitLinks returns the addresses the hits of a search page link to, in
// order.
func hitLinks(body string) []string {
	var out []string
	for _, m := range hitLink.FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// TestSearchPageWithoutWords: filters alone list the documents they keep,
// oldest first, with the total, facets and pages; no words and no filters
// is the empty form.
func TestSearchPageWithoutWords(t *testing.T) {
	_, srv := newSearchServer(t)
	doc := func(ids ...string) string {
		for i, id := range ids {
			ids[i] = "/historicaldocuments/" + id
		}
		return strings.Join(ids, " ")
	}
	tests := []struct {
		name string
		path string
		want string   // the hits' links, in order
		has  []string // in the page
		not  []string // not in the page
	}{
		{"a year", "/search?start-date=1866&end-date=1866",
			doc("frus1866p1/d4a", "frus1866p1/d1", "frus1866p1/d2", "frus1866p1/d3", "frus1866p1/d4", "frus1866p1/d5", "frus1866p1/d6"),
			[]string{"7 documents", "Documents: 1866 — Search", "<h2>Year</h2>", "<h2>Type</h2>", "Dates 1866–1866", `<option value="date-asc" selected>`,
				"Department of State, Washington, January 3, 1866."},
			[]string{"<mark>", `class="error"`}},
		{"the form's blank fields and its order", "/search?q=&start-date=1866&end-date=1866&type=&sort-by=relevance", "",
			[]string{"7 documents", `<option value="date-asc" selected>`}, nil},
		{"a page", "/search?start-date=1866&end-date=1866&per-page=3&start=4", doc("frus1866p1/d3", "frus1866p1/d4", "frus1866p1/d5"),
			[]string{"7 documents", `<ol class="hits" start="4">`, `rel="prev"`, `rel="next"`}, nil},
		{"newest first", "/search?start-date=1866&end-date=1866&sort-by=date-desc&per-page=2", doc("frus1866p1/d6", "frus1866p1/d5"),
			[]string{`<option value="date-desc" selected>`}, nil},
		{"a type", "/search?type=telegram", doc("frus1866p1/d3", "frus1961-63v05/d254"), []string{"2 documents", "Documents: Telegram"}, nil},
		{"a volume", "/search?volume-id=frus1895Supp", doc("frus1895Supp/d1", "frus1895Supp/d3", "frus1895Supp/d2", "frus1895Supp/d4"),
			[]string{"4 documents", "Volume frus1895Supp ✕"}, nil},
		{"a kind", "/search?kind=editorial", doc("frus1961-63v05/d255"), []string{"1 document", "Editorial notes ✕", `name="kind" value="editorial"`}, nil},
		{"nothing in those years", "/search?start-date=1700&end-date=1701", "", []string{"No documents match"}, nil},
		{"no words, no filters", "/search?q=&start-date=&end-date=&type=&sort-by=relevance", "", []string{"How to search"},
			[]string{`id="results-h"`, `class="error"`}},
	}
	for _, tt := range tests {
		code, body := getPage(t, srv, tt.path)
		if code != http.StatusOK {
			t.Errorf("%s: status %d", tt.name, code)
		}
		if got := strings.Join(hitLinks(body), " "); tt.want != "" && got != tt.want {
			t.Errorf("%s: hits\n%s\nwant\n%s", tt.name, got, tt.want)
		}
		for _, s := range tt.has {
			if !strings.Contains(body, s) {
				t.Errorf("%s: the page lacks %q", tt.name, s)
			}
		}
		for _, s := range tt.not {
			if strings.Contains(body, s) {
				t.Errorf("%s: the page has %q", tt.name, s)
			}
		}
	}
}

// TestAPISearchWithoutWords: the API lists the documents filters keep as
// the search page does.
func TestAPISearchWithoutWords(t *testing.T) {
	_, srv := newSearchServer(t)
	tests := []struct {
		path   string
		status int
		total  int
		first  string
	}{
		{"/api/v1/search?start-date=1866&end-date=1866", 200, 7, "d4a"},
		{"/api/v1/search?start-date=1866&end-date=1866&sort-by=date-desc", 200, 7, "d6"},
		{"/api/v1/search?volume-id=frus1961-63v05&type=letter", 200, 1, "d256"},
		{"/api/v1/search", 400, 0, ""},
		{"/api/v1/search?q=&volume-id=", 400, 0, ""},
	}
	for _, tt := range tests {
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		var a struct {
			Total int
			Hits  []struct {
				Document string
				Score    float64
			}
			Facets *struct{ Years []struct{ Value string } }
			Error  *struct{ Message string }
		}
		err = json.NewDecoder(resp.Body).Decode(&a)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d (%+v)", tt.path, resp.StatusCode, tt.status, a.Error)
			continue
		}
		if tt.status != 200 {
			if a.Error == nil || !strings.Contains(a.Error.Message, "no query") {
				t.Errorf("%s: error %+v", tt.path, a.Error)
			}
			continue
		}
		if a.Total != tt.total || len(a.Hits) == 0 || a.Hits[0].Document != tt.first || a.Facets == nil || len(a.Facets.Years) == 0 {
			t.Errorf("%s: %+v, want %d documents from %s, with facets", tt.path, a, tt.total, tt.first)
		}
	}
}

// TestSearchPageBrokenQuery: a query that cannot be parsed shows what to
// fix and, when it has plain words, their results.
func TestSearchPageBrokenQuery(t *testing.T) {
	_, srv := newSearchServer(t)
	tests := []struct {
		q       string
		msg     string
		plain   string // "" for no results offered
		results string
	}{
		{`"test ban`, "quotation mark is never closed", "test ban", "1 document"},
		{"Khrushchev AND", "AND needs words on both sides", "Khrushchev", "2 documents"},
		{"(Gromyko", "this ( is never closed", "Gromyko", "4 documents"},
		{"Gromyko -(Khrushchev", "this ( is never closed", "Gromyko", "4 documents"},
		{"-Gromyko", "at least one word to look for", "", ""},
		{"(((", "", "", ""},
	}
	for _, tt := range tests {
		code, body := getPage(t, srv, "/search?"+urlValues("q", tt.q))
		if code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", tt.q, code)
		}
		if !strings.Contains(body, `class="error"`) || !strings.Contains(html.UnescapeString(body), tt.msg) {
			t.Errorf("%s: the page does not say %q", tt.q, tt.msg)
		}
		if !strings.Contains(body, `value="`+html.EscapeString(tt.q)+`"`) {
			t.Errorf("%s: the search box does not keep the query", tt.q)
		}
		offered := strings.Contains(body, "Showing results for:")
		if tt.plain == "" {
			if offered || len(hitLinks(body)) > 0 {
				t.Errorf("%s: results offered", tt.q)
			}
			continue
		}
		if !offered || !strings.Contains(body, ">"+tt.plain+"</a></p>") || !strings.Contains(body, tt.results) {
			t.Errorf("%s: want results for %q (%s)", tt.q, tt.plain, tt.results)
		}
		// The hits and the links to narrow the search carry the plain words.
		for _, l := range hitLinks(body) {
			if !strings.HasSuffix(l, "?"+urlValues("q", tt.plain)) {
				t.Errorf("%s: hit link %s", tt.q, l)
			}
		}
		if strings.Contains(body, "/search?"+html.EscapeString(urlValues("q", tt.q))) {
			t.Errorf("%s: a link keeps the broken query", tt.q)
		}
	}
}

// TestSearchHitLinksCarryQuery: a hit links to its document with the
// query, for the document page to mark its words; a search without words
// links to the document alone.
func TestSearchHitLinksCarryQuery(t *testing.T) {
	_, srv := newSearchServer(t)
	tests := []struct {
		path, want string
	}{
		{"/search?q=Gromyko&volume-id=frus1961-63v05&start-date=1962-10-18&end-date=1962-10-18", "/historicaldocuments/frus1961-63v05/d253?q=Gromyko"},
		{`/search?q=%22test+ban%22+Khrushchev`, `/historicaldocuments/frus1961-63v05/d253?q=%22test+ban%22+Khrushchev`},
		{"/search?volume-id=frus1961-63v05&start-date=1962-10-18&end-date=1962-10-18", "/historicaldocuments/frus1961-63v05/d253"},
	}
	for _, tt := range tests {
		_, body := getPage(t, srv, tt.path)
		if got := hitLinks(body); len(got) != 1 || got[0] != tt.want {
			t.Errorf("%s: hit links %v, want [%s]", tt.path, got, tt.want)
		}
	}
}

// TestHitHighlight: the words a document page reached from a search
// marks, expanded as the search's snippets are.
func TestHitHighlight(t *testing.T) {
	s, _ := newSearchServer(t)
	tests := []struct {
		q    string // "-" for no q at all
		text string
		want string // the text with its matches in brackets; "nil" for no highlight
	}{
		{"-", "Gromyko", "nil"},
		{"", "Gromyko", "nil"},
		{"   ", "Gromyko", "nil"},
		{"Gromyko", "Mr. Gromyko met GROMÝKO.", "Mr. [Gromyko] met [GROMÝKO]."},
		{"treaties", "the treaty, the treaties, a treat", "the [treaty], the [treaties], a treat"},
		{"officer", "the office of the officers", "the [office] of the [officers]"},
		{"=office", "the office of the officers", "the [office] of the officers"},
		{"negotiat*", "negotiations with negotiators", "[negotiations] with [negotiators]"},
		{`"test ban"`, "a test ban; a ban on tests", "a [test] [ban]; a ban on tests"},
		{`"test ban"~5`, "a test ban; a ban on tests", "a [test] [ban]; a [ban] on tests"},
		{"Gromyko -Khrushchev", "Gromyko and Khrushchev", "[Gromyko] and Khrushchev"},
		{"title:Cuba in:notes", "Cuba", "[Cuba]"},
		{`"test ban`, "a ban test", "a [ban] [test]"}, // the plain words of a broken query
		{"-Gromyko", "Gromyko", "nil"},
		{"(((", "Gromyko", "nil"},
	}
	for _, tt := range tests {
		target := "/historicaldocuments/frus1961-63v05/d253"
		if tt.q != "-" {
			target += "?" + urlValues("q", tt.q)
		}
		h := s.hitHighlight(httptest.NewRequest("GET", target, nil))
		if tt.want == "nil" {
			if h != nil {
				t.Errorf("q=%q: highlight %+v, want nil", tt.q, h)
			}
			continue
		}
		if h == nil {
			t.Errorf("q=%q: no highlight", tt.q)
			continue
		}
		var b strings.Builder
		pos := 0
		for _, r := range h.MatchRanges(tt.text) {
			b.WriteString(tt.text[pos:r[0]] + "[" + tt.text[r[0]:r[1]] + "]")
			pos = r[1]
		}
		if got := b.String() + tt.text[pos:]; got != tt.want {
			t.Errorf("q=%q: marks %q, want %q", tt.q, got, tt.want)
		}
	}
}

func urlValues(k, v string) string {
	return url.Values{k: {v}}.Encode()
}
