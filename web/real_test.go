package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/web"
)

// realVolumes are the real volumes the reader's real-markup tests read:
// files of the shared corpus, and of its modern excerpts.
var realVolumes = []string{
	"frus1870.xml", "frus1872p2v4.xml", "frus1872p2v5.xml", "frus1873p2v3.xml", "frus1918Russiav03.xml", "frus1919Parisv11.xml",
	"../modern/frus1961-63v05-excerpt.xml", "../modern/frus1964-68v14-excerpt.xml",
}

// realServer serves the real volumes the tests of real markup need.
func realServer(t *testing.T) *httptest.Server {
	t.Helper()
	dir := corpus.Dir(t)
	corpus.Modern(t)
	db := testdb.Open(t)
	files := make([]string, len(realVolumes))
	for i, f := range realVolumes {
		files[i] = filepath.Join(dir, f)
	}
	testdb.Ingest(t, db, files...)
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

var styleBlock = regexp.MustCompile(`(?s)<style>.*?</style>`)

// TestRealVolumes runs the reader's tests of real markup on one server.
func TestRealVolumes(t *testing.T) {
	srv := realServer(t)
	t.Run("Golden", func(t *testing.T) { testRealGolden(t, srv) })
	t.Run("Markup", func(t *testing.T) { testRealMarkup(t, srv) })
	t.Run("CSLJSON", func(t *testing.T) { testRealCSLJSON(t, srv) })
	t.Run("DivisionPageSize", func(t *testing.T) { testDivisionPageSize(t, srv) })
}

// testRealGolden compares pages and exports of real documents and
// divisions with golden files under testdata/real; -update rewrites them.
func testRealGolden(t *testing.T, srv *httptest.Server) {
	pages := []string{
		"frus1961-63v05/d253", "frus1918Russiav03/d87", "frus1872p2v5/d69", "frus1873p2v3/d1",
		"frus1964-68v14/d14", "frus1919Parisv11/comp1", "frus1870/ch5",
	}
	exports := []string{"frus1961-63v05/d253", "frus1918Russiav03/d87", "frus1872p2v5/d69", "frus1873p2v3/d1"}
	type golden struct{ path, file string }
	var all []golden
	for _, p := range pages {
		all = append(all, golden{"/historicaldocuments/" + p, strings.ReplaceAll(p, "/", "-") + ".html"})
	}
	for _, p := range exports {
		for _, f := range []string{"text", "markdown", "tei", "html"} {
			all = append(all, golden{"/historicaldocuments/" + p + "/export/" + f, strings.ReplaceAll(p, "/", "-") + ".export." + f})
		}
	}
	for _, g := range all {
		resp, body := fetch(t, srv, g.path)
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", g.path, resp.StatusCode)
			continue
		}
		if !strings.Contains(g.path, "/export/") {
			// The main part alone: the layout is tested elsewhere.
			start, end := strings.Index(body, "<main"), strings.Index(body, "</main>")
			if start < 0 || end < 0 {
				t.Fatalf("%s: no main", g.path)
			}
			body = body[start:end+len("</main>")] + "\n"
		}
		// The HTML export carries the style sheet, tested with the pages.
		body = styleBlock.ReplaceAllString(body, "<style>/* style.css */</style>")
		file := filepath.Join("testdata", "real", g.file)
		if *update {
			os.MkdirAll(filepath.Dir(file), 0o755)
			if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run go test ./web -update to create it)", err)
		}
		if !bytes.Equal([]byte(body), want) {
			t.Errorf("%s differs from %s; run go test ./web -run TestRealVolumes -update and review the diff", g.path, file)
		}
	}
}

// testRealMarkup asserts what a reader relies on in real volumes, each
// case a defect of pages rendered from hand-written volumes only.
func testRealMarkup(t *testing.T, srv *httptest.Server) {
	tests := []struct {
		name, path string
		want       []string // each must appear
		wantNot    []string // none may appear
		match      string   // a regular expression that must match
	}{
		{
			name: "the head's printed number shows once", path: "/historicaldocuments/frus1961-63v05/d253",
			want:    []string{`<span class="num">253.</span> Memorandum of Conversation<sup`, "<title>253. Memorandum of Conversation — "},
			wantNot: []string{"253. 253.", "</span> 253. "},
		},
		{
			name: "the number shows once in a legacy volume too", path: "/historicaldocuments/frus1873p2v3/d1",
			wantNot: []string{"1. 1. "},
		},
		{
			name: "participants grouped under their sides", path: "/historicaldocuments/frus1961-63v05/d253",
			match: `<li class="side-group"><span class="side-label"> <i> US </i> </span><ul class="people"><li>The President</li>.*</ul></li><li class="side-group"><span class="side-label"> <i> <a class="term"[^>]*>USSR</a> </i> </span><ul class="people"><li>Foreign Minister`,
		},
		{
			name: "participants grouped in another modern volume", path: "/historicaldocuments/frus1964-68v14/d14",
			want: []string{`<li class="side-group"><span class="side-label">`},
		},
		{
			name: "a page break inside a numbered list stays in its item", path: "/historicaldocuments/frus1918Russiav03/d87",
			want:    []string{`<div class="lrow"><span class="label">(6)</span><div class="item"><a class="pb" id="pg_68"`},
			wantNot: []string{`<div class="labeled"><a class="pb"`, `</div><a class="pb"`},
		},
		{
			name: "an archival file number is printed above the text, not as an empty note", path: "/historicaldocuments/frus1918Russiav03/d87",
			want:    []string{`<p class="source-line">File No. 861.51/357</p>`},
			wantNot: []string{`<li id="" class="source">`, `<li id="">`},
		},
		{
			name: "a margin note stays out of the title", path: "/historicaldocuments/frus1872p2v5/d69",
			want:    []string{"<title>69. Mr. Bancroft to Mr. Campbell. — ", `<span class="margin-note">[64]</span>`, `<span class="margin-note">Mr. Bancroft refers Mr. Campbell`},
			wantNot: []string{"Campbell.[64]"},
		},
		{
			name: "a chapter lists its documents, numbered and dated, after its prose", path: "/historicaldocuments/frus1870/ch5",
			want:    []string{`<li class="doc"><span class="doc-num">25.</span> <a href="/historicaldocuments/frus1870/d25">Mr. Fish to Mr. Hoffman.</a> <span class="doc-date">July 16, 1870</span></li>`},
			wantNot: []string{`<section class="enclosure"`},
		},
		{
			name: "a compilation lists its documents instead of holding them", path: "/historicaldocuments/frus1919Parisv11/comp1",
			want:    []string{`<ul class="contents">`, `<span class="doc-num">1.</span>`},
			wantNot: []string{`<section class="enclosure"`},
		},
		{
			name: "the citation names the volume and carries the permanent address", path: "/historicaldocuments/frus1918Russiav03/d87/export/text",
			want: []string{"Source: Papers Relating to the Foreign Relations of the United States, 1918, Russia, Volume III", "https://history.state.gov/historicaldocuments/frus1918Russiav03/d87"},
		},
		{
			name: "the Markdown export names its source", path: "/historicaldocuments/frus1961-63v05/d253/export/markdown",
			want: []string{"Source: Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union", "https://history.state.gov/historicaldocuments/frus1961-63v05/d253"},
		},
		{
			name: "the TEI export names its source", path: "/historicaldocuments/frus1961-63v05/d253/export/tei",
			want: []string{"<!-- Source: Foreign Relations of the United States", "https://history.state.gov/historicaldocuments/frus1961-63v05/d253"},
		},
		{
			name: "the HTML export names its source", path: "/historicaldocuments/frus1961-63v05/d253/export/html",
			want: []string{`<footer class="export-source"><p>Source: <i>Foreign Relations`, `href="https://history.state.gov/historicaldocuments/frus1961-63v05/d253"`},
		},
		{
			name: "the printout names its source", path: "/historicaldocuments/frus1961-63v05/d253",
			want: []string{`<p class="print-source">Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union`},
		},
		{
			name: "the general editor apart from the volume's editors", path: "/historicaldocuments/frus1961-63v05",
			want: []string{"<dt>Editors</dt><dd>Charles S. Sampson, John Michael Joyce</dd>", "<dt>General Editor</dt><dd>David S. Patterson</dd>"},
		},
		{
			name: "counts read as words, with thousands set apart", path: "/",
			want: []string{"8 volumes, 1,642 documents, "},
		},
		{
			name: "a search's words marked in the document it found", path: "/historicaldocuments/frus1961-63v05/d253?q=Gromyko+treaties",
			want:    []string{`title="Gromyko, Andrei A., Soviet Foreign Minister" data-name="Gromyko, Andrei A." data-desc="Soviet Foreign Minister"><mark>Gromyko</mark></a>`, "German peace <mark>treaty</mark>", `<p class="marked-note">The words of your search <q>Gromyko treaties</q> are marked.`, `value="Gromyko treaties"`},
			wantNot: []string{"<mark>the</mark>"},
		},
		{
			name: "a phrase is marked only where its words stand together", path: "/historicaldocuments/frus1961-63v05/d253?q=%22peaceful+coexistence%22",
			want:    []string{"<mark>peaceful</mark> <mark>coexistence</mark>"},
			wantNot: []string{"by <mark>peaceful</mark> competition"},
		},
		{
			name: "no query, nothing marked", path: "/historicaldocuments/frus1961-63v05/d253",
			wantNot: []string{"<mark>", "marked-note"},
		},
		{
			name: "a persons entry links to the documents that mention the person", path: "/historicaldocuments/frus1961-63v05/persons",
			want: []string{`id="p_GAA1">Gromyko, Andrei A.</span>,</strong> Soviet Foreign Minister <span class="person-docs">Documents: <a href="d253">253</a></span></li>`},
		},
		{
			name: "previous, next and contents at the top", path: "/historicaldocuments/frus1918Russiav03/d87",
			match: `(?s)<nav class="prevnext top"[^>]*>.*rel="prev" href="/historicaldocuments/frus1918Russiav03/d86".*href="/historicaldocuments/frus1918Russiav03">Contents</a>.*rel="next".*</nav>\s*<div class="reader">`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetch(t, srv, tt.path)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: status %d", tt.path, resp.StatusCode)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s lacks %s", tt.path, w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(body, w) {
					t.Errorf("%s has %s", tt.path, w)
				}
			}
			if tt.match != "" && !regexp.MustCompile(tt.match).MatchString(body) {
				t.Errorf("%s does not match %s", tt.path, tt.match)
			}
		})
	}
}

// testRealCSLJSON checks that the CSL-JSON embedded for reference managers
// parses as JSON and describes the document.
func testRealCSLJSON(t *testing.T, srv *httptest.Server) {
	for _, p := range []string{"frus1961-63v05/d253", "frus1872p2v5/d69"} {
		_, body := fetch(t, srv, "/historicaldocuments/"+p)
		m := regexp.MustCompile(`(?s)<script type="application/vnd.citationstyles.csl\+json"[^>]*>(.*?)</script>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s: no embedded CSL-JSON", p)
		}
		var items []map[string]any
		if err := json.Unmarshal([]byte(m[1]), &items); err != nil {
			t.Fatalf("%s: the embedded CSL-JSON does not parse: %v", p, err)
		}
		if len(items) != 1 || items[0]["URL"] != "https://history.state.gov/historicaldocuments/"+p {
			t.Errorf("%s: CSL-JSON %v, want one item with the permanent address", p, items)
		}
	}
}

// testDivisionPageSize checks that every division page of the real
// volumes, each part of a long one, stays under 300 kB: documents are
// listed, not inlined, and long prose (a chapter that is one long
// argument, an index) is shown in parts that lead to each other.
func testDivisionPageSize(t *testing.T, srv *httptest.Server) {
	for _, p := range []string{"frus1919Parisv11/comp1", "frus1870/ch5"} {
		_, body := fetch(t, srv, "/historicaldocuments/"+p)
		if n := strings.Count(body, `<li class="doc">`); n == 0 {
			t.Errorf("%s lists no documents", p)
		}
	}
	partOf := regexp.MustCompile(`Part (\d+) of (\d+)`)
	pages, largest, largestPath := 0, 0, ""
	for _, vol := range []string{"frus1870", "frus1872p2v4", "frus1872p2v5", "frus1873p2v3", "frus1918Russiav03", "frus1919Parisv11", "frus1961-63v05", "frus1964-68v14"} {
		_, body := fetch(t, srv, "/api/v1/volumes/"+vol+"/toc")
		var toc struct{ TOC []tocEntry }
		if err := json.Unmarshal([]byte(body), &toc); err != nil {
			t.Fatalf("%s toc: %v", vol, err)
		}
		for _, id := range divisionIDs(toc.TOC) {
			for part := 1; ; part++ {
				path := "/historicaldocuments/" + vol + "/" + id
				if part > 1 {
					path += "?part=" + strconv.Itoa(part)
				}
				resp, body := fetch(t, srv, path)
				if resp.StatusCode != 200 {
					t.Errorf("%s: status %d", path, resp.StatusCode)
					break
				}
				pages++
				if len(body) > largest {
					largest, largestPath = len(body), path
				}
				m := partOf.FindStringSubmatch(body)
				if m == nil || m[1] == m[2] {
					break
				}
				if !strings.Contains(body, `rel="next" href="/historicaldocuments/`+vol+"/"+id+"?part="+strconv.Itoa(part+1)+`"`) {
					t.Errorf("%s: part %s of %s does not lead to the next", path, m[1], m[2])
				}
			}
		}
	}
	t.Logf("%d division pages; the largest %s, %d bytes", pages, largestPath, largest)
	if largest > 300_000 {
		t.Errorf("%s is %d bytes, want under 300,000", largestPath, largest)
	}
	// An id in a later part leads there.
	resp, _ := fetch(t, srv, "/historicaldocuments/frus1872p2v4/ch38fn685")
	loc := resp.Header.Get("Location")
	if !regexp.MustCompile(`^/historicaldocuments/frus1872p2v4/ch38\?part=\d+#ch38fn685$`).MatchString(loc) {
		t.Fatalf("ch38fn685 redirects to %q, want a later part of ch38", loc)
	}
	_, body := fetch(t, srv, strings.Split(loc, "#")[0])
	if !strings.Contains(body, `id="ch38fn685"`) {
		t.Errorf("%s does not show ch38fn685", loc)
	}
	if resp, _ := fetch(t, srv, "/historicaldocuments/frus1872p2v4/ch38?part=99"); resp.StatusCode != 404 {
		t.Errorf("part 99 of ch38: status %d, want 404", resp.StatusCode)
	}
}

type tocEntry struct {
	ID       string
	Type     string
	Children []tocEntry
}

func divisionIDs(entries []tocEntry) []string {
	var out []string
	for _, e := range entries {
		if e.Type != "document" {
			out = append(out, e.ID)
		}
		out = append(out, divisionIDs(e.Children)...)
	}
	return out
}
