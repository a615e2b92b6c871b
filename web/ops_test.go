package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// The Content-Security-Policy of the pages.
const pagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// do sends a request without following redirects.
func do(t *testing.T, srv *httptest.Server, method, path string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// TestSecurityHeaders: every answer — pages, errors, the API, static
// files, redirects, conditional answers — carries the security headers.
func TestSecurityHeaders(t *testing.T) {
	srv := readerServer(t)
	tests := []struct {
		method, path string
		status       int
		policy       string
	}{
		{"GET", "/", 200, pagePolicy},
		{"GET", "/historicaldocuments/frus1961-63v05/d253", 200, pagePolicy},
		{"HEAD", "/historicaldocuments/frus1961-63v05", 200, pagePolicy},
		{"GET", "/historicaldocuments/frus1961-63v05/pg_534", 302, pagePolicy},
		{"GET", "/nowhere", 404, pagePolicy},
		{"GET", "/search?q=%28Cuba", 400, pagePolicy},
		{"GET", "/api/v1/search?q=Gromyko", 200, pagePolicy},
		{"GET", "/api/v1/nowhere", 404, pagePolicy},
		{"POST", "/api/v1/search", 405, pagePolicy},
		{"GET", "/static/style.css", 200, pagePolicy},
		{"GET", "/favicon.ico", 200, pagePolicy},
		{"GET", "/healthz", 200, pagePolicy},
		// The HTML export carries its stylesheet inline and runs no script.
		{"GET", "/historicaldocuments/frus1961-63v05/d253/export/html", 200, "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
	}
	for _, tt := range tests {
		resp, _ := do(t, srv, tt.method, tt.path)
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, resp.StatusCode, tt.status)
		}
		for name, want := range map[string]string{
			"Content-Security-Policy": tt.policy,
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "strict-origin-when-cross-origin",
			"X-Frame-Options":         "DENY",
		} {
			if got := resp.Header.Get(name); got != want {
				t.Errorf("%s %s: %s %q, want %q", tt.method, tt.path, name, got, want)
			}
		}
	}
	// A 304 as well.
	resp, _ := do(t, srv, "GET", "/historicaldocuments/frus1961-63v05/d253")
	req, _ := http.NewRequest("GET", srv.URL+"/historicaldocuments/frus1961-63v05/d253", nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusNotModified || resp2.Header.Get("Content-Security-Policy") != pagePolicy {
		t.Errorf("304: status %d, Content-Security-Policy %q", resp2.StatusCode, resp2.Header.Get("Content-Security-Policy"))
	}
}

var (
	tagRE      = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*/?>`)
	scriptText = regexp.MustCompile(`(?is)(<script\b[^>]*>).*?</script>`)
	attrRE     = regexp.MustCompile(`([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?`)
)

// TestPagesPassTheContentPolicy: no page needs what the policy forbids —
// inline scripts, inline styles, event-handler attributes, javascript:
// addresses, or scripts and styles from elsewhere than /static/.
func TestPagesPassTheContentPolicy(t *testing.T) {
	srv := readerServer(t)
	for _, path := range []string{
		"/", "/historicaldocuments", "/historicaldocuments/frus1961-63v05",
		"/historicaldocuments/frus1961-63v05/d253", "/historicaldocuments/frus1961-63v05/d254",
		"/historicaldocuments/frus1866p1/d4", "/historicaldocuments/frus1961-63v05/ch1",
		"/historicaldocuments/frus1961-63v05/persons", "/historicaldocuments/frus1961-63v05/preface",
		"/historicaldocuments/frus1900xss/d1", "/historicaldocuments/frus1900xss/ch1",
		"/search", "/search?q=Gromyko", "/search?q=%28Cuba", "/nowhere", "/static/nope.css",
	} {
		_, body := fetch(t, srv, path)
		// What a script element holds is its own text, not markup.
		body = scriptText.ReplaceAllString(body, "$1</script>")
		if strings.Contains(strings.ToLower(body), "<style") {
			t.Errorf("%s: an inline <style> element", path)
		}
		for _, m := range tagRE.FindAllStringSubmatch(body, -1) {
			tag := strings.ToLower(m[1])
			attrs := map[string]string{}
			for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
				name := strings.ToLower(a[1])
				value := strings.Trim(a[2], `"'`)
				attrs[name] = value
				switch {
				case name == "style":
					t.Errorf("%s: an inline style attribute: %s", path, m[0])
				case strings.HasPrefix(name, "on"):
					t.Errorf("%s: an event-handler attribute: %s", path, m[0])
				case (name == "href" || name == "src" || name == "action") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(value)), "javascript:"):
					t.Errorf("%s: a javascript: address: %s", path, m[0])
				}
			}
			switch tag {
			case "script":
				if src, ok := attrs["src"]; ok {
					if !strings.HasPrefix(src, "/static/") {
						t.Errorf("%s: a script from elsewhere than /static/: %s", path, m[0])
					}
				} else if typ := attrs["type"]; !strings.HasPrefix(typ, "application/") || !strings.HasSuffix(typ, "json") {
					// Data blocks (CSL-JSON) are not run, and the policy lets them be.
					t.Errorf("%s: an inline script: %s", path, m[0])
				}
			case "link":
				if attrs["rel"] == "stylesheet" && !strings.HasPrefix(attrs["href"], "/static/") {
					t.Errorf("%s: a stylesheet from elsewhere than /static/: %s", path, m[0])
				}
			}
		}
	}
}

// TestStaticFiles: the layout links versioned static files, which are
// cached for good; unversioned addresses are cached briefly; directories
// are not listed; /favicon.ico answers.
func TestStaticFiles(t *testing.T) {
	srv := readerServer(t)
	_, home := fetch(t, srv, "/")
	assets := map[string]string{}
	for _, want := range []struct{ name, pattern string }{
		{"style.css", `<link rel="stylesheet" href="(/static/style\.css\?v=[0-9a-f]+)">`},
		{"favicon.svg", `<link rel="icon" href="(/static/favicon\.svg\?v=[0-9a-f]+)" type="image/svg\+xml">`},
		{"reader.js", `<script defer src="(/static/reader\.js\?v=[0-9a-f]+)"></script>`},
	} {
		m := regexp.MustCompile(want.pattern).FindStringSubmatch(home)
		if m == nil {
			t.Errorf("the layout does not link %s as %s", want.name, want.pattern)
			continue
		}
		assets[want.name] = m[1]
	}
	for _, path := range []string{"/historicaldocuments/frus1961-63v05/d253", "/search?q=Gromyko", "/nowhere"} {
		_, body := fetch(t, srv, path)
		for name, url := range assets {
			if !strings.Contains(body, url) {
				t.Errorf("%s does not link %s as %s", path, name, url)
			}
		}
	}
	type check struct {
		path         string
		status       int
		contentType  string
		cacheControl string
		body         string
	}
	const year, hour = "public, max-age=31536000, immutable", "public, max-age=3600"
	checks := []check{
		{assets["style.css"], 200, "text/css", year, ""},
		{assets["favicon.svg"], 200, "image/svg+xml", year, "<svg"},
		{assets["reader.js"], 200, "text/javascript", year, ""},
		{"/static/style.css", 200, "text/css", hour, ""},
		{"/static/style.css?v=0123456789ab", 200, "text/css", hour, ""}, // another build's address
		{"/favicon.ico", 200, "image/svg+xml", hour, "<svg"},
		{"/static/", 404, "text/html", "", "Not found"},
		{"/static/nope.css", 404, "text/html", "", "There is no file /static/nope.css"},
	}
	for _, c := range checks {
		if c.path == "" {
			continue // not linked: reported above
		}
		resp, body := fetch(t, srv, c.path)
		if resp.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.path, resp.StatusCode, c.status)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, c.contentType) {
			t.Errorf("%s: Content-Type %q, want %s", c.path, ct, c.contentType)
		}
		if cc := resp.Header.Get("Cache-Control"); c.cacheControl != "" && cc != c.cacheControl {
			t.Errorf("%s: Cache-Control %q, want %q", c.path, cc, c.cacheControl)
		}
		if c.status == 404 && strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: a missing file is cached for good", c.path)
		}
		if !strings.Contains(body, c.body) {
			t.Errorf("%s: the answer lacks %q", c.path, c.body)
		}
		if strings.Contains(body, `href="style.css"`) || strings.Contains(body, "<pre>") {
			t.Errorf("%s: a directory listing", c.path)
		}
	}
}

// TestMethodNotAllowed: a method other than GET or HEAD at an address that
// exists gets 405 with Allow; the API answers in its JSON error form.
func TestMethodNotAllowed(t *testing.T) {
	srv := readerServer(t)
	tests := []struct {
		method, path string
		status       int
		json         bool
	}{
		{"POST", "/api/v1/search", 405, true},
		{"DELETE", "/api/v1/volumes/frus1961-63v05", 405, true},
		{"PUT", "/api/v1/volumes/frus1961-63v05/documents/d253", 405, true},
		{"POST", "/api/v1/nowhere", 404, true},
		{"GET", "/api/v1/nowhere", 404, true},
		{"POST", "/historicaldocuments/frus1961-63v05/d253", 405, false},
		{"POST", "/search", 405, false},
		{"POST", "/", 405, false},
		{"PUT", "/static/style.css", 405, false},
		{"POST", "/healthz", 405, false},
		{"POST", "/nowhere/at/all", 404, false},
	}
	for _, tt := range tests {
		resp, body := do(t, srv, tt.method, tt.path)
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, resp.StatusCode, tt.status)
			continue
		}
		allow := resp.Header.Get("Allow")
		if tt.status == 405 && allow != "GET, HEAD" {
			t.Errorf("%s %s: Allow %q, want %q", tt.method, tt.path, allow, "GET, HEAD")
		}
		if tt.status == 404 && allow != "" {
			t.Errorf("%s %s: 404 with Allow %q", tt.method, tt.path, allow)
		}
		ct := resp.Header.Get("Content-Type")
		if !tt.json {
			if tt.status == 405 && (!strings.HasPrefix(ct, "text/") || !strings.Contains(body, "GET and HEAD")) {
				t.Errorf("%s %s: %s body %q", tt.method, tt.path, ct, body)
			}
			continue
		}
		var e struct {
			Error struct {
				Status  int
				Message string
			}
		}
		if !strings.HasPrefix(ct, "application/json") || json.Unmarshal([]byte(body), &e) != nil || e.Error.Status != tt.status || e.Error.Message == "" {
			t.Errorf("%s %s: not the API's error form: %s %q", tt.method, tt.path, ct, body)
		}
		if tt.status == 405 && !strings.Contains(e.Error.Message, tt.method) {
			t.Errorf("%s %s: the message %q does not name the method", tt.method, tt.path, e.Error.Message)
		}
	}
}
