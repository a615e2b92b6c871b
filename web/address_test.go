package web_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/web"
)

const anchorsVolume = "../testdata/anchors/frus1925anchors.xml"

// TestAddresses requests each kind of history.state.gov address the
// reader answers besides documents and divisions: other ids of the text,
// the volume's own id, trailing slashes, administrations, the publisher's
// pages about the series, and what is not here.
func TestAddresses(t *testing.T) {
	srv := newServer(t, anchorsVolume)
	const vol = "/historicaldocuments/frus1925anchors"
	tests := []struct {
		name, path string
		status     int
		location   string
		// holds is the id the redirect's target page must show.
		holds    string
		contains []string
	}{
		{"persons entry", vol + "/p_KFB1", 302, vol + "/persons#p_KFB1", "p_KFB1", nil},
		{"terms entry", vol + "/t_LN1", 302, vol + "/terms#t_LN1", "t_LN1", nil},
		{"index entry", vol + "/in2", 302, vol + "/index#in2", "in2", nil},
		{"page in the index", vol + "/pg_6", 302, vol + "/index#pg_6", "pg_6", nil},
		{"note in a division's prose", vol + "/prefacefna", 302, vol + "/preface#prefacefna", "prefacefna", nil},
		{"page in a division's prose", vol + "/pg_IV", 302, vol + "/preface#pg_IV", "pg_IV", nil},
		{"note in a chapter's head", vol + "/ch1fn1", 302, vol + "/ch1#ch1fn1", "ch1fn1", nil},
		{"note in a subchapter's head", vol + "/ch1subch1fn2", 302, vol + "/ch1subch1#ch1subch1fn2", "ch1subch1fn2", nil},
		{"note of a division without an xml:id", vol + "/ch1subch2fn6", 302, vol + "/subchapter#ch1subch2fn6", "ch1subch2fn6", nil},
		{"id on the title page", vol + "/title1", 302, vol + "/front-titlePage-main#title1", "title1", nil},
		{"list item in a document", vol + "/d1item2", 302, vol + "/d1#d1item2", "d1item2", nil},
		// The renderer writes no id for figures, inline notes, tables and
		// refs yet: these lead to the right page without the fragment.
		{"figure in a document", vol + "/figure1", 302, vol + "/d1#figure1", "", nil},
		{"inline note in a document", vol + "/d1inline", 302, vol + "/d1#d1inline", "", nil},
		{"table in an enclosure", vol + "/table1", 302, vol + "/d2a#table1", "", nil},
		{"id in a footnote", vol + "/d1fn5ref", 302, vol + "/d1#d1fn5ref", "", nil},
		{"footnote of a document", vol + "/d1fn3", 302, vol + "/d1#d1fn3", "d1fn3", nil},
		{"page of a document", vol + "/pg_2", 302, vol + "/d1#pg_2", "pg_2", nil},
		{"document", vol + "/d1", 200, "", "", []string{"The Secretary of State to the Ambassador"}},
		{"enclosure", vol + "/d2a", 200, "", "", []string{"Sir Austen Chamberlain"}},
		{"chapter", vol + "/ch1", 200, "", "", []string{`id="ch1fn1"`, "Continued from the volume"}},
		{"volume id as a path", vol + "/frus1925anchors", 302, vol, "", nil},
		{"trailing slash", "/historicaldocuments/", 301, "/historicaldocuments", "", nil},
		{"trailing slash on a volume", vol + "/", 301, vol, "", nil},
		{"trailing slash on a document", "/historicaldocuments/frus1961-63v05/d253/", 301, "/historicaldocuments/frus1961-63v05/d253", "", nil},
		{"trailing slash on a citation", vol + "/d1/cite/chicago/", 301, vol + "/d1/cite/chicago", "", nil},
		{"trailing slash with a query", "/historicaldocuments/frus1961-63v05/?x=1", 301, "/historicaldocuments/frus1961-63v05?x=1", "", nil},
		{"administration", "/historicaldocuments/kennedy", 302, "/historicaldocuments#kennedy", "", nil},
		{"administration of a shared era", "/historicaldocuments/coolidge", 302, "/historicaldocuments#coolidge", "", nil},
		{"second Cleveland administration", "/historicaldocuments/cleveland-24", 302, "/historicaldocuments#cleveland-24", "", nil},
		{"administration before Truman", "/historicaldocuments/pre-truman", 302, "/historicaldocuments", "", nil},
		{"administration with no volume here", "/historicaldocuments/carter", 302, "https://history.state.gov/historicaldocuments/carter", "", nil},
		{"administration with a trailing slash", "/historicaldocuments/kennedy/", 301, "/historicaldocuments/kennedy", "", nil},
		{"page about the series", "/historicaldocuments/about-frus", 302, "https://history.state.gov/historicaldocuments/about-frus", "", nil},
		{"status of the series", "/historicaldocuments/status-of-the-series", 302, "https://history.state.gov/historicaldocuments/status-of-the-series", "", nil},
		{"chapter of the series' history", "/historicaldocuments/frus-history/chapter-1", 302, "https://history.state.gov/historicaldocuments/frus-history/chapter-1", "", nil},
		{"document of the series' history", "/historicaldocuments/frus-history/documents/x", 302, "https://history.state.gov/historicaldocuments/frus-history/documents/x", "", nil},
		{"quarterly release", "/historicaldocuments/quarterly-releases/2017-q1", 302, "https://history.state.gov/historicaldocuments/quarterly-releases/2017-q1", "", nil},
		{"serial set", "/historicaldocuments/pre-1861/serial-set/browse?region=europe", 302, "https://history.state.gov/historicaldocuments/pre-1861/serial-set/browse?region=europe", "", nil},
		{"rendition of the teiHeader", vol + "/underline", 404, "", "", []string{"no document, page or note underline", `href="/historicaldocuments/frus1925anchors"`}},
		{"unknown id", vol + "/in99", 404, "", "", []string{"no document, page or note in99"}},
		{"volume not here", "/historicaldocuments/frus1964-68v20", 404, "", "", []string{"no volume frus1964-68v20", `href="https://history.state.gov/historicaldocuments/frus1964-68v20"`}},
		{"document of a volume not here", "/historicaldocuments/frus1964-68v20/d1", 404, "", "", []string{"no volume frus1964-68v20", `href="https://history.state.gov/historicaldocuments/frus1964-68v20"`}},
		{"address too deep", "/historicaldocuments/a/b/c", 404, "", "", []string{"There is no page at /historicaldocuments/a/b/c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetch(t, srv, tt.path)
			if resp.StatusCode != tt.status {
				t.Fatalf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
			}
			if loc := resp.Header.Get("Location"); loc != tt.location {
				t.Errorf("%s: redirect to %q, want %q", tt.path, loc, tt.location)
			}
			for _, want := range tt.contains {
				if !strings.Contains(body, want) {
					t.Errorf("%s: the page lacks %q", tt.path, want)
				}
			}
			if tt.holds != "" {
				target, body := fetch(t, srv, tt.location)
				if target.StatusCode != 200 || !strings.Contains(body, `id="`+tt.holds+`"`) {
					t.Errorf("%s: %s answers %d without id %q", tt.path, tt.location, target.StatusCode, tt.holds)
				}
			}
		})
	}
}

// TestAnchorLinks checks that a ref to an anchor, as an index writes
// them, leads to the anchor's place.
func TestAnchorLinks(t *testing.T) {
	srv := newServer(t, anchorsVolume)
	_, body := fetch(t, srv, "/historicaldocuments/frus1925anchors/index")
	const link = "/historicaldocuments/frus1925anchors/p_CJA1" // <ref target="#p_CJA1">
	if !strings.Contains(body, `href="`+link+`"`) {
		t.Fatalf("the index does not link %s", link)
	}
	resp, _ := fetch(t, srv, link)
	target := resp.Header.Get("Location")
	if resp.StatusCode != 302 || target != "/historicaldocuments/frus1925anchors/persons#p_CJA1" {
		t.Fatalf("%s: status %d, redirect to %q", link, resp.StatusCode, target)
	}
	if _, page := fetch(t, srv, target); !strings.Contains(page, `id="p_CJA1"`) {
		t.Errorf("%s does not show p_CJA1", target)
	}
}

// rawID is an xml:id of a volume's text, read from its file.
type rawID struct {
	id, kind string
}

// rawIDs reads every xml:id of a TEI file outside its teiHeader, with the
// kind of element it names, and the volume's id.
func rawIDs(t *testing.T, file string) (string, []rawID) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		stack  []openElement
		volume string
		out    []rawID
		header int
	)
	dec := xml.NewDecoder(f)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			var id, typ string
			for _, a := range e.Attr {
				switch {
				case a.Name.Local == "id" && (a.Name.Space == "http://www.w3.org/XML/1998/namespace" || a.Name.Space == "xml"):
					id = a.Value
				case a.Name.Local == "type" && a.Name.Space == "":
					typ = a.Value
				}
			}
			if e.Name.Local == "teiHeader" || header > 0 {
				header++
			}
			switch {
			case len(stack) == 0:
				volume = id
				out = append(out, rawID{id, "volume id"})
			case id != "" && header == 0:
				out = append(out, rawID{id, idKind(e.Name.Local, typ, stack)})
			}
			stack = append(stack, openElement{e.Name.Local, typ})
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if header > 0 {
				header--
			}
		}
	}
	return volume, out
}

// openElement is an element around an id: its name and type.
type openElement struct{ name, typ string }

// idKind names the kind of an id for the coverage report, from its
// element and the elements around it.
func idKind(name, typ string, stack []openElement) string {
	inDoc, inNote := false, false
	for _, o := range stack {
		inDoc = inDoc || (o.name == "div" && o.typ == "document")
		inNote = inNote || o.name == "note"
	}
	where := "in a division"
	if inDoc {
		where = "in a document"
	}
	parent := stack[len(stack)-1].name
	switch {
	case name == "div" && typ == "document":
		return "document"
	case name == "div":
		return "division"
	case name == "pb" && inDoc:
		return "page in a document"
	case name == "pb" && (parent == "div" || parent == "front" || parent == "body" || parent == "back" || parent == "text"):
		return "page between divisions"
	case name == "pb":
		return "page in a division's prose"
	case name == "note" && inDoc && !inNote:
		return "footnote of a document"
	case name == "note":
		return "note " + where
	case name == "persName":
		return "persons entry"
	case name == "term":
		return "terms entry"
	case name == "item" && !inDoc:
		return "index or list entry in a division"
	}
	return name + " " + where
}

// idAttr finds the ids of a page's elements.
var idAttr = regexp.MustCompile(` id="([^"]*)"`)

// TestAddressCoverage requests the address history.state.gov gives every
// xml:id of the text of the real volumes (/historicaldocuments/{volume}/
// {id}) and counts those that answer: a page, or a redirect to a page that
// shows the id. A page break between divisions, which no page shows,
// answers when it leads to the document that begins on that page (or to
// the volume when none begins there at once). It fails under 99.9 %.
func TestAddressCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests the whole shared corpus")
	}
	dir := corpus.Dir(t)
	files := append(corpus.Files(t, dir), corpus.Files(t, corpus.Modern(t))...)
	db := testdb.Open(t)
	start := time.Now()
	sum := ingest.Run(context.Background(), db, files, ingest.Options{})
	t.Logf("ingested in %v", time.Since(start))
	if !sum.OK() {
		for _, r := range sum.Results {
			if r.Err != nil {
				t.Error(r.Err)
			}
		}
		t.FailNow()
	}
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	// parallel runs fn(i) for i < n on every core.
	parallel := func(n int, fn func(i int)) {
		next := make(chan int)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					fn(i)
				}
			}()
		}
		for i := range n {
			next <- i
		}
		close(next)
		wg.Wait()
	}

	// The addresses, then what each answers: a page, or a redirect.
	type probe struct {
		vol, base string
		rawID
		location *url.URL
		why      string // why it does not answer; "" when it does
		flow     bool   // a page break between divisions, at the top of what follows
	}
	start = time.Now()
	var probes []probe
	for _, file := range files {
		vol, ids := rawIDs(t, file)
		for _, x := range ids {
			probes = append(probes, probe{vol: vol, base: "/historicaldocuments/" + url.PathEscape(vol), rawID: x})
		}
	}
	// shown holds the ids each page read so far shows, by path.
	var mu sync.Mutex
	shown := map[string]map[string]bool{}
	show := func(path, body string) map[string]bool {
		ids := map[string]bool{}
		for _, m := range idAttr.FindAllStringSubmatch(body, -1) {
			ids[html.UnescapeString(m[1])] = true
		}
		mu.Lock()
		shown[path] = ids
		mu.Unlock()
		return ids
	}
	parallel(len(probes), func(i int) {
		p := &probes[i]
		path := p.base + "/" + url.PathEscape(p.id)
		rec := get(path)
		switch {
		case rec.Code == 200:
			show(path, rec.Body.String())
		case rec.Code == 301 || rec.Code == 302:
			u, err := url.Parse(rec.Header().Get("Location"))
			if err != nil || u.Host != "" {
				p.why = "redirects away, to " + rec.Header().Get("Location")
				break
			}
			p.location = u
		default:
			p.why = "answers " + http.StatusText(rec.Code)
		}
	})
	t.Logf("addresses requested in %v", time.Since(start))
	start = time.Now()
	// Each redirect's target, read once for all the ids it should show.
	targets := map[string][]int{}
	for i, p := range probes {
		if p.location != nil {
			// The page and its part (?part=2), without the fragment.
			target := p.location.Path
			if p.location.RawQuery != "" {
				target += "?" + p.location.RawQuery
			}
			targets[target] = append(targets[target], i)
		}
	}
	paths := make([]string, 0, len(targets))
	for path := range targets {
		paths = append(paths, path)
	}
	parallel(len(paths), func(i int) {
		mu.Lock()
		status, ids := 200, shown[paths[i]]
		mu.Unlock()
		if ids == nil {
			rec := get(paths[i])
			status, ids = rec.Code, show(paths[i], rec.Body.String())
		}
		for _, j := range targets[paths[i]] {
			p := &probes[j]
			u := p.location
			switch {
			case status != 200:
				p.why = "redirects to " + u.String() + ", which answers " + http.StatusText(status)
			case u.Fragment == p.id && ids[p.id]:
			case p.kind == "volume id" && u.Path == p.base && u.Fragment == "":
			case p.kind == "page between divisions" && (u.Fragment == p.id || u.Path == p.base):
				p.flow = true
			default:
				p.why = "redirects to " + u.String() + ", which does not show the id"
			}
		}
	})
	t.Logf("targets read in %v", time.Since(start))

	type tally struct{ ids, answered, toDocument, toVolume int }
	kinds := map[string]*tally{}
	var answered, flows int
	var failures []string
	for _, p := range probes {
		k := kinds[p.kind]
		if k == nil {
			k = &tally{}
			kinds[p.kind] = k
		}
		k.ids++
		if p.why != "" {
			failures = append(failures, p.vol+"/"+p.id+" ("+p.kind+"): "+p.why)
			continue
		}
		k.answered++
		answered++
		if p.flow {
			flows++
		}
		switch {
		case p.flow && p.location.Path == p.base:
			k.toVolume++
			t.Logf("at the contents: %s/%s", p.vol, p.id)
		case p.flow:
			k.toDocument++
			t.Logf("at the top of %s: %s/%s", p.location.Path, p.vol, p.id)
		}
	}
	total := len(probes)
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		k := kinds[n]
		line := fmt.Sprintf("%s: %d of %d", n, k.answered, k.ids)
		if k.toDocument+k.toVolume > 0 {
			line += fmt.Sprintf(" (%d at the top of the document that begins on the page, %d at the volume's contents)", k.toDocument, k.toVolume)
		}
		t.Log(line)
	}
	share := float64(answered) / float64(total)
	t.Logf("%d files, %d ids: %d answer (%.2f %%) — %d at a page that shows the id, %d page breaks at the top of what begins on the page — and %d do not",
		len(files), total, answered, 100*share, answered-flows, flows, total-answered)
	for _, f := range failures {
		t.Log(f)
	}
	if share < 0.999 {
		t.Errorf("%.2f %% of the ids answer, want 99.9 %% at least", 100*share)
	}
}
