package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chancery-frus/chancery/internal/hostile"
)

// TestHostileRequests sends the committed hostile search inputs
// (testdata/hostile) to the search page and the API, with hostile paging,
// dates and filters, hostile paths and wrong methods: no answer may be a
// server error, each comes within the request's time, and the server's
// memory stays flat.
func TestHostileRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("sends hundreds of requests")
	}
	srv := readerServer(t)
	client := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(method, target string) {
		t.Helper()
		req, err := http.NewRequestWithContext(context.Background(), method, srv.URL+target, nil)
		if err != nil {
			t.Fatalf("%s %.80q: %v", method, target, err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Errorf("%s %.80q: %v", method, target, err)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("%s %.120q: status %d", method, target, resp.StatusCode)
		}
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	before := heap()

	queries := hostile.Queries(t)
	for _, q := range queries {
		v := url.QueryEscape(q)
		send("GET", "/search?q="+v)
		send("GET", "/api/v1/search?q="+v)
	}
	params := []string{
		"per-page=-1", "per-page=0", "per-page=1000000000", "per-page=1e9", "per-page=x",
		"start=-5", "start=999999999999999999999", "start=0", "start=1000000",
		"start-date=0000-00-00", "start-date=1962-13-45", "end-date=99999", "start-date=1962&end-date=1961",
		"start-date=-1", "start-date=" + strings.Repeat("9", 1000), "sort-by=nothing", "sort-by=",
		"volume-id=../../etc", "volume-id=" + strings.Repeat("v", 10000), "type=%00", "kind=%ff", "facets=maybe",
		"q=Berlin&q=Cuba", "q=%ff%fe", "q=%00", "q=" + strings.Repeat("%28", 3000),
	}
	for _, p := range params {
		send("GET", "/search?q=Berlin&"+p)
		send("GET", "/api/v1/search?q=Berlin&"+p)
		send("GET", "/search?"+p)
	}
	paths := []string{
		"/historicaldocuments/../../../etc/passwd", "/historicaldocuments/%2e%2e/%2e%2e/etc/passwd",
		"/static/../server.go", "/static/%2e%2e/server.go", "/static/%ff", "/static/..%2fserver.go",
		"/historicaldocuments/frus1961-63v05/%00", "/historicaldocuments/%ff%fe/d1",
		"/historicaldocuments/frus1961-63v05/d253/cite/../../../../etc/passwd",
		"/historicaldocuments/frus1961-63v05/d253/export/%2e%2e", "/historicaldocuments/" + strings.Repeat("a", 8000),
		"/historicaldocuments/frus1961-63v05/" + strings.Repeat("d", 8000), "/api/v1/volumes/%00/documents/%00",
		"/api/v1/volumes/" + strings.Repeat("x", 4000) + "/toc", "//historicaldocuments", "/historicaldocuments//frus1961-63v05",
		"/historicaldocuments/frus1961-63v05/d253?part=-1", "/historicaldocuments/frus1961-63v05/persons?part=99999999999999999999",
		"/api/v1/citations?volume=" + strings.Repeat("v", 10000), "/api/v1/citations?volume=%00&document=%ff",
		"/api/v1/citations?volume=frus1961-63v05&document=" + strings.Repeat("d", 10000), "/api/v1/citations/export?format=" + strings.Repeat("x", 5000),
		"/api/v1/links?volume=../../etc", "/api/v1/links?volume=%ff",
		"/api/v1/offices?position=%00&date=1962", "/people/%00/network", "/api/v1/people/x/network?format=" + strings.Repeat("c", 900), "/people/" + strings.Repeat("p", 3000), "/api/v1/offices?position=secretary&date=" + strings.Repeat("9", 900), "/api/v1/offices?position=secretary&date=-0001-01-01", "/search?q=cites:" + strings.Repeat("a", 900), "/search?q=cites:%00",
		"/api/v1/search?q=" + url.QueryEscape(strings.Repeat("cites:frus1961-63v05/d253 ", 38)), "/search?q=" + url.QueryEscape("-cites:x OR cited:y (cites:z"),
	}
	for _, p := range paths {
		send("GET", p)
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND"} {
		send(m, "/api/v1/search?q=Berlin")
		send(m, "/historicaldocuments/frus1961-63v05/d253")
	}

	// Oversized headers are refused, not served.
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.Header.Set("X-Big", strings.Repeat("x", 2<<20))
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
		if resp.StatusCode >= 500 && resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("a 2 MB header: status %d", resp.StatusCode)
		}
	}

	after := heap()
	t.Logf("%d hostile queries, %d parameters, %d paths; heap in use %d MB before, %d MB after", len(queries), len(params), len(paths), before>>20, after>>20)
	if after > before+200<<20 {
		t.Errorf("heap in use grew from %d MB to %d MB", before>>20, after>>20)
	}
}
