package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/graph"
	"github.com/chancery-frus/chancery/storetest"
)

// newGraphServer serves the test volumes and the volume the seed note
// cites (testdata/graph), their citations linked.
func newGraphServer(t *testing.T) (*Server, string) {
	t.Helper()
	s, srv := newSearchServer(t)
	if _, err := s.store.PutVolume(context.Background(), storetest.GraphVolume(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := graph.Link(context.Background(), s.store); err != nil {
		t.Fatal(err)
	}
	return s, srv.URL
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// TestCitedBy: a document page lists what cites it, from its volume and
// from others, with the citing document's title and the citation's words,
// and links to the searches of the graph; the citing note's pages in plain
// words are a link marked as Chancery's.
func TestCitedBy(t *testing.T) {
	_, base := newGraphServer(t)
	code, body, _ := get(t, base+"/historicaldocuments/frus1961-63v15/d151")
	for _, want := range []string{
		`<h2 id="cited-by-h">Cited by</h2>`,
		`<a href="/search?q=cites:frus1961-63v15/d151">`,
		`<h3>In other volumes</h3>`,
		`<a href="/historicaldocuments/frus1961-63v05/d253#d253fn2">1961–1963, Volume V, Soviet Union, Document 253, note 2</a> <span class="citing-title">Memorandum of Conversation</span>`,
		`<q class="citing-text">vol. XV, pp. 370–376</q>`,
	} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("d151: status %d, without %s", code, want)
		}
	}
	// A document nothing cites has no such section.
	if _, body, _ = get(t, base+"/historicaldocuments/frus1895Supp/d1"); strings.Contains(body, "Cited by") {
		t.Error("a document nothing cites shows a Cited by section")
	}
	// The seed note's "ibid." citations are links to their pages on
	// history.state.gov (their volumes are not here), marked as found.
	_, body, _ = get(t, base+"/historicaldocuments/frus1961-63v05/d253")
	if want := `<a href="https://history.state.gov/historicaldocuments/frus1961-63v07/pg_589" class="found"`; !strings.Contains(body, want) {
		t.Errorf("d253: no link %s", want)
	}
	// The volume page lists its most cited documents.
	if _, body, _ = get(t, base+"/historicaldocuments/frus1961-63v05"); !strings.Contains(body, `<h2 id="most-cited-h">Most cited</h2>`) || !strings.Contains(body, `href="/historicaldocuments/frus1961-63v05/d253#cited-by">Document 253</a>`) {
		t.Error("the volume page does not list d253 among its most cited")
	}
}

// TestCitationsAPI: a volume's edges, the whole graph as JSON Lines and
// CSV (the same citations), and the link report; bad requests are told
// what to fix.
func TestCitationsAPI(t *testing.T) {
	_, base := newGraphServer(t)
	code, body, _ := get(t, base+"/api/v1/citations?volume=frus1961-63v05&document=d253")
	var got citationsResponse
	if err := json.Unmarshal([]byte(body), &got); code != http.StatusOK || err != nil || len(got.Citations) < 3 {
		t.Fatalf("citations of d253: status %d, %v, %s", code, err, body)
	}
	first := got.Citations[0]
	if first.Text != "vol. XV, pp. 370–376" || first.Class != graph.ClassHere || strings.Join(first.Documents, " ") != "d150 d151 d149" {
		t.Errorf("first citation of d253: %+v", first)
	}
	if c := got.Citations[1]; c.Class != graph.ClassNotHeld || c.ToVolume != "frus1961-63v07" || c.How != chancery.HowProse {
		t.Errorf("second citation of d253: %+v", c)
	}

	_, jsonl, h := get(t, base+"/api/v1/citations/export")
	lines := strings.Split(strings.TrimSpace(jsonl), "\n")
	if !strings.HasPrefix(h.Get("Content-Type"), "application/jsonl") || len(lines) < 10 {
		t.Fatalf("export: %s, %d lines", h.Get("Content-Type"), len(lines))
	}
	for _, l := range lines {
		var e graph.Edge
		if err := json.Unmarshal([]byte(l), &e); err != nil || e.Volume == "" || e.Class == "" {
			t.Fatalf("export line %s: %v", l, err)
		}
	}
	_, csvText, h := get(t, base+"/api/v1/citations/export?format=csv")
	rows, err := csv.NewReader(strings.NewReader(csvText)).ReadAll()
	if err != nil || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || len(rows) != len(lines)+1 || strings.Join(rows[0], ",") != strings.Join(graph.CSVHeader, ",") {
		t.Errorf("CSV export: %v, %d rows for %d lines", err, len(rows), len(lines))
	}

	code, body, _ = get(t, base+"/api/v1/links?volume=frus1961-63v05")
	if code != http.StatusOK || !strings.Contains(body, `"kind":"malformed"`) || !strings.Contains(body, `"target":"http://thought.it"`) {
		t.Errorf("link report: status %d, %s", code, body)
	}

	for path, status := range map[string]int{
		"/api/v1/citations":                        http.StatusBadRequest,
		"/api/v1/citations?volume=frus1999v99":     http.StatusNotFound,
		"/api/v1/citations/export?format=xml":      http.StatusBadRequest,
		"/api/v1/links?volume=frus1999v99":         http.StatusNotFound,
		"/api/v1/citations?volume=%3Cscript%3E%00": http.StatusNotFound,
	} {
		if code, body, _ := get(t, base+path); code != status || !strings.Contains(body, `"error"`) {
			t.Errorf("%s: status %d, want %d (%s)", path, code, status, body)
		}
	}
}
