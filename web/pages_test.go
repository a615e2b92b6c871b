package web_test

import (
	"bytes"
	"compress/gzip"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden HTML in testdata/")

// readerServer serves the test volumes and a made-up volume whose text
// holds markup.
func readerServer(t *testing.T) *httptest.Server {
	return newServer(t, "../testdata/escaping/frus1900xss.xml")
}

// fetch gets a page without following redirects.
func fetch(t *testing.T, srv *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// TestRoutes requests every kind of address.
func TestRoutes(t *testing.T) {
	srv := readerServer(t)
	tests := []struct {
		path     string
		status   int
		contains []string
		location string
	}{
		{"/", 200, []string{"4 volumes", `action="/search"`}, ""},
		{"/historicaldocuments", 200, []string{"Kennedy Administration", "Andrew Johnson Administration", `href="/historicaldocuments/frus1961-63v05"`, "1961–1963 · 5 documents"}, ""},
		{"/historicaldocuments/frus1961-63v05", 200, []string{"Charles S. Sampson", `href="/historicaldocuments/frus1961-63v05/d253"`, `<span class="doc-num">253.</span>`, "Persons", `name="volume-id" value="frus1961-63v05"`}, ""},
		{"/historicaldocuments/frus1961-63v05/d253", 200, []string{"Memorandum of Conversation", `id="pg_534"`, "[Page 534]", `href="#d253fn2"`, `id="ref-d253fn2"`, `id="d253fn2"`, `href="#ref-d253fn2"`, "Gromyko, Andrei A.", `rel="next"`}, ""},
		{"/historicaldocuments/frus1961-63v05/d253", 200, []string{"Foreign Relations of the United States</i>, 1961–1963, Volume V, Soviet Union, eds. Charles S. Sampson and John Michael Joyce", `name="citation_title"`, `name="citation_inbook_title"`, `type="application/vnd.citationstyles.csl+json"`, `href="/historicaldocuments/frus1961-63v05/d253/cite/ris"`}, ""},
		{"/historicaldocuments/frus1961-63v05/d253/cite/bibtex", 200, []string{"@incollection{frus1961-63v05-d253"}, ""},
		{"/historicaldocuments/frus1961-63v05/d253/cite/csl-json", 200, []string{`"family": "Sampson"`}, ""},
		{"/historicaldocuments/frus1961-63v05/d253/cite/apa", 404, nil, ""},
		{"/historicaldocuments/frus1961-63v05/d253/export/text", 200, []string{"253. Memorandum of Conversation", "Washington, October 18, 1962, 5 p.m.", " [Page 534] "}, ""},
		{"/historicaldocuments/frus1961-63v05/d253/export/markdown", 200, []string{"# 253. Memorandum of Conversation"}, ""},
		{"/historicaldocuments/frus1961-63v05/d253/export/json", 200, []string{`"id": "d253"`}, ""},
		{"/historicaldocuments/frus1961-63v05/d253/export/tei", 200, []string{`<div xmlns="http://www.tei-c.org/ns/1.0"`, `<note n="2" xml:id="d253fn2">`}, ""},
		{"/historicaldocuments/frus1961-63v05/d253/export/html", 200, []string{"<!doctype html>", `id="pg_534"`}, ""},
		{"/historicaldocuments/frus1866p1/d4/export/text", 200, []string{"Drouyn de Lhuys"}, ""},
		{"/historicaldocuments/frus1961-63v05/d253/export/pdf", 404, nil, ""},
		{"/historicaldocuments/frus1961-63v05/ch1", 200, []string{"October 1962", `href="/historicaldocuments/frus1961-63v05/d254"`}, ""},
		{"/historicaldocuments/frus1961-63v05/ch1?part=x", 400, []string{`part &#34;x&#34;: give the number of a part`, "Bad request"}, ""},
		{"/historicaldocuments/frus1961-63v05/ch1?part=2", 404, []string{"has 1 part", `href="/historicaldocuments/frus1961-63v05/ch1"`}, ""},
		{"/historicaldocuments/frus1961-63v05/comp1", 200, []string{`href="/historicaldocuments/frus1961-63v05/ch1"`}, ""},
		{"/historicaldocuments/frus1961-63v05/persons", 200, []string{`id="p_GAA1"`, "Soviet Foreign Minister"}, ""},
		{"/historicaldocuments/frus1961-63v05/terms", 200, []string{`id="t_USSR1"`}, ""},
		{"/historicaldocuments/frus1961-63v05/preface", 200, []string{"Preface"}, ""},
		{"/historicaldocuments/frus1961-63v05/pg_534", 302, nil, "/historicaldocuments/frus1961-63v05/d253#pg_534"},
		{"/historicaldocuments/frus1961-63v05/d253fn2", 302, nil, "/historicaldocuments/frus1961-63v05/d253#d253fn2"},
		{"/historicaldocuments/frus1961-63v05/pg_III", 302, nil, "/historicaldocuments/frus1961-63v05/preface#pg_III"},
		{"/historicaldocuments/frus1866p1/d4", 200, []string{`class="enclosure"`, "Drouyn de Lhuys"}, ""},
		{"/historicaldocuments/frus1961-63v05/d999", 404, []string{"no document, page or note d999", `href="/historicaldocuments/frus1961-63v05"`}, ""},
		{"/historicaldocuments/frus1900nope", 404, []string{"no volume frus1900nope"}, ""},
		{"/nowhere", 404, []string{"There is no page at /nowhere"}, ""},
		{"/search?q=Gromyko", 200, []string{"4 documents", "<mark>Gromyko</mark>", "Volume", "Persons"}, ""},
		{"/search?q=%28Cuba", 400, []string{"never closed"}, ""},
		{"/search", 200, []string{"How to search"}, ""},
		{"/static/style.css", 200, []string{"font"}, ""},
	}
	for _, tt := range tests {
		resp, body := fetch(t, srv, tt.path)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
			continue
		}
		if tt.location != "" && resp.Header.Get("Location") != tt.location {
			t.Errorf("%s: redirect to %q, want %q", tt.path, resp.Header.Get("Location"), tt.location)
		}
		for _, want := range tt.contains {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the page lacks %q", tt.path, want)
			}
		}
	}
}

// TestLinks checks that refs resolve to this corpus, to history.state.gov,
// or to nothing when malformed.
func TestLinks(t *testing.T) {
	srv := readerServer(t)
	_, body := fetch(t, srv, "/historicaldocuments/frus1961-63v05/d254")
	for _, want := range []string{
		`href="/historicaldocuments/frus1961-63v05/d253fn2"`, // #d253fn2
		`<span class="ref-broken">thought it</span>`,         // http://thought.it
	} {
		if !strings.Contains(body, want) {
			t.Errorf("d254 lacks %s", want)
		}
	}
	_, body = fetch(t, srv, "/historicaldocuments/frus1961-63v05/d253")
	if !strings.Contains(body, `href="https://history.state.gov/historicaldocuments/frus1961-63v15/pg_370"`) {
		t.Error("a ref to a volume not stored here does not go to history.state.gov")
	}
	if !strings.Contains(body, `href="/historicaldocuments/frus1961-63v05/d254"`) {
		t.Error("#d254 does not resolve within the volume")
	}
}

// TestEscaping: text from a volume or a query is shown, never run.
func TestEscaping(t *testing.T) {
	srv := readerServer(t)
	for _, path := range []string{
		"/historicaldocuments/frus1900xss/d1", "/historicaldocuments/frus1900xss", "/historicaldocuments/frus1900xss/ch1",
		"/search?q=" + "%3Cscript%3Ealert(1)%3C/script%3E+paragraph", "/historicaldocuments/frus1900xss/%3Cscript%3E",
	} {
		_, body := fetch(t, srv, path)
		if regexp.MustCompile(`(?i)<script>alert|<img src=x|"\s*onmouseover=|<b>Editor|<i>not italic`).MatchString(body) {
			t.Errorf("%s: markup from the volume or the query reached the page unescaped", path)
		}
		if strings.Contains(body, `href="javascript:`) {
			t.Errorf("%s: a javascript: link was rendered", path)
		}
	}
	_, body := fetch(t, srv, "/historicaldocuments/frus1900xss/d1")
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;body&#34;)&lt;/script&gt;") {
		t.Error("the escaped text is not shown as text")
	}
}

// TestGoldenHTML compares the document pages of a few test documents with
// golden files; run with -update to accept a deliberate change.
func TestGoldenHTML(t *testing.T) {
	srv := readerServer(t)
	for _, doc := range []string{"frus1961-63v05/d253", "frus1961-63v05/d256", "frus1961-63v05/d257", "frus1866p1/d4"} {
		_, body := fetch(t, srv, "/historicaldocuments/"+doc)
		// The article alone: the layout around it is tested above.
		start, end := strings.Index(body, "<article"), strings.Index(body, "</article>")
		if start < 0 || end < 0 {
			t.Fatalf("%s: no article", doc)
		}
		got := []byte(body[start:end+len("</article>")] + "\n")
		golden := filepath.Join("testdata", strings.ReplaceAll(doc, "/", "-")+".html")
		if *update {
			os.MkdirAll("testdata", 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./web -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; run go test ./web -update and review the diff", doc, golden)
		}
	}
}

// TestCachingAndCompression: validators give 304, text is gzipped.
func TestCachingAndCompression(t *testing.T) {
	srv := readerServer(t)
	resp, _ := fetch(t, srv, "/historicaldocuments/frus1961-63v05/d253")
	tag := resp.Header.Get("ETag")
	if tag == "" || resp.Header.Get("Cache-Control") == "" {
		t.Fatalf("no validator or cache header: %v", resp.Header)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/historicaldocuments/frus1961-63v05/d253", nil)
	req.Header.Set("If-None-Match", tag)
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", resp2.StatusCode)
	}
	lm := resp.Header.Get("Last-Modified")
	req, _ = http.NewRequest("GET", srv.URL+"/historicaldocuments/frus1961-63v05/d253", nil)
	req.Header.Set("If-Modified-Since", lm)
	resp4, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp4.Body.Close()
	if lm == "" || resp4.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since %q: status %d, want 304", lm, resp4.StatusCode)
	}
	req, _ = http.NewRequest("GET", srv.URL+"/historicaldocuments/frus1961-63v05/d253", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp3, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp3.Body.Close()
	if resp3.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("Content-Encoding %q, want gzip", resp3.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp3.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if !strings.Contains(string(body), "Memorandum of Conversation") {
		t.Error("the gzipped page does not decompress to the document")
	}
}
