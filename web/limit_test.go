package web

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/storetest"
)

// heldStore is a real store whose searches for heldLimit hits wait until
// released, so that a test can fill the pool of searches at will; it
// says on entered when one starts waiting. Other searches (the health
// check's) go through.
type heldStore struct {
	chancery.Store
	entered chan struct{}
	release chan struct{}
}

const heldLimit = 7

func (s *heldStore) Search(ctx context.Context, req *chancery.SearchRequest) (*chancery.SearchResult, error) {
	if req.Limit == heldLimit {
		s.entered <- struct{}{}
		select {
		case <-s.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return s.Store.Search(ctx, req)
}

// limitedServer serves the test volumes through held within limits, on a
// listener that keeps at most conns connections open.
func limitedServer(t *testing.T, limits Limits, conns int) (*httptest.Server, *heldStore) {
	t.Helper()
	db := testdb.Open(t)
	storetest.PutTestVolumes(t, db)
	held := &heldStore{Store: db, entered: make(chan struct{}, 64), release: make(chan struct{})}
	h, err := NewWithLimits(held, slog.New(slog.NewTextHandler(io.Discard, nil)), limits)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener = LimitListener(srv.Listener, conns)
	srv.Config.ReadHeaderTimeout = 300 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, held
}

// fetchStatus gets a path and returns its status and Retry-After.
func fetchStatus(t *testing.T, client *http.Client, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	resp, err := client.Get(srv.URL + path)
	if err != nil {
		t.Errorf("GET %s: %v", path, err)
		return 0, ""
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

// slowConn opens a connection that sends the start of a request's header
// and no more, as a slowloris client does.
func slowConn(t *testing.T, srv *httptest.Server) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := io.WriteString(c, "GET /historicaldocuments HTTP/1.1\r\nHost: x\r\nX-Slow: a"); err != nil {
		t.Fatal(err)
	}
	return c
}

// cheapPages never wait behind costly requests.
var cheapPages = []string{
	"/historicaldocuments/frus1961-63v05/d253",
	"/api/v1/volumes/frus1961-63v05/documents/d253",
	"/historicaldocuments/frus1961-63v05/d253/cite/bibtex",
	"/static/style.css",
	"/healthz",
}

// TestOverload: with every search slot held by a search under way and
// the queue full, further searches get 503 with Retry-After at once, on
// the page and in the API, while document pages, the API's documents,
// cite files, static files and /healthz — and exports, in a pool of
// their own — are served; once the held searches end, those queued are
// answered. Slow connections meanwhile change nothing.
func TestOverload(t *testing.T) {
	const slots = 2
	srv, held := limitedServer(t, Limits{Searches: slots, Renders: 1, QueueWait: time.Minute}, 64)
	for range 3 {
		slowConn(t, srv)
	}
	client := srv.Client()
	const queued, shed = slots * queueFactor, 3
	statuses := make(chan [2]string, slots+queued+shed)
	var wg sync.WaitGroup
	for i := range slots + queued + shed {
		path := "/api/v1/search?per-page=" + strconv.Itoa(heldLimit) + "&q=soviet"
		if i%2 == 1 {
			path = "/search?per-page=" + strconv.Itoa(heldLimit) + "&q=soviet"
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, retry := fetchStatus(t, client, srv, path)
			statuses <- [2]string{strconv.Itoa(status), retry}
		}()
	}
	for range slots {
		<-held.entered
	}
	// The searches that find the queue full are answered while the
	// others wait.
	for range shed {
		got := <-statuses
		if got[0] != "503" || got[1] != strconv.Itoa(retryAfter) {
			t.Errorf("a search past the queue: status %s, Retry-After %q; want 503, %d", got[0], got[1], retryAfter)
		}
	}
	for _, path := range append(cheapPages, "/historicaldocuments/frus1961-63v05/d253/export/text") {
		if status, _ := fetchStatus(t, client, srv, path); status != http.StatusOK {
			t.Errorf("%s while the searches are full: status %d, want 200", path, status)
		}
	}
	close(held.release)
	wg.Wait()
	close(statuses)
	for got := range statuses {
		if got[0] != "200" {
			t.Errorf("a queued search: status %s, want 200", got[0])
		}
	}
}

// TestOverloadWaitRunsOut: a search that waits for a slot longer than the
// queue's wait gets 503 with Retry-After.
func TestOverloadWaitRunsOut(t *testing.T) {
	srv, held := limitedServer(t, Limits{Searches: 1, QueueWait: time.Millisecond}, 0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		fetchStatus(t, srv.Client(), srv, "/api/v1/search?q=soviet&per-page="+strconv.Itoa(heldLimit))
	}()
	<-held.entered
	status, retry := fetchStatus(t, srv.Client(), srv, "/api/v1/search?q=treaty")
	if status != http.StatusServiceUnavailable || retry != strconv.Itoa(retryAfter) {
		t.Errorf("a search past its wait: status %d, Retry-After %q; want 503, %d", status, retry, retryAfter)
	}
	close(held.release)
	<-done
}

// TestAPIRate: a client over the API's rate gets 429 with Retry-After, in
// the API's error form; the reader's pages are not limited.
func TestAPIRate(t *testing.T) {
	const burst = 3
	srv, _ := limitedServer(t, Limits{APIRate: 0.01, APIBurst: burst}, 0)
	client := srv.Client()
	for i := range burst {
		if status, _ := fetchStatus(t, client, srv, "/api/v1/volumes"); status != http.StatusOK {
			t.Errorf("API request %d of the burst: status %d, want 200", i+1, status)
		}
	}
	resp, err := client.Get(srv.URL + "/api/v1/volumes/frus1961-63v05/documents/d253")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("API request past the burst: status %d, want 429", resp.StatusCode)
	}
	if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || n < 1 {
		t.Errorf("Retry-After %q, want a number of seconds", resp.Header.Get("Retry-After"))
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", resp.Header.Get("Cache-Control"))
	}
	if want := `{"error":{"status":429,`; len(body) < len(want) || string(body[:len(want)]) != want {
		t.Errorf("body %s, want the API's error form", body)
	}
	for _, path := range []string{"/historicaldocuments/frus1961-63v05/d253", "/search?q=soviet", "/healthz"} {
		if status, _ := fetchStatus(t, client, srv, path); status != http.StatusOK {
			t.Errorf("%s past the API's rate: status %d, want 200", path, status)
		}
	}
}

// TestConnectionCap: with the cap taken by slow connections that never
// finish their header, other clients wait in the backlog, and are served
// once the server has cut the slow ones off.
func TestConnectionCap(t *testing.T) {
	const cap = 3
	srv, _ := limitedServer(t, Limits{}, cap)
	var slow []net.Conn
	for range cap + 2 {
		slow = append(slow, slowConn(t, srv))
	}
	var wg sync.WaitGroup
	for _, path := range cheapPages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			if status, _ := fetchStatus(t, client, srv, path); status != http.StatusOK {
				t.Errorf("%s beside slow connections: status %d, want 200", path, status)
			}
		}()
	}
	wg.Wait()
	// Each slow connection was answered or closed: none held the
	// server for good.
	for i, c := range slow {
		c.SetReadDeadline(time.Now().Add(time.Minute))
		if _, err := bufio.NewReader(c).ReadByte(); err != nil && !errors.Is(err, io.EOF) && !isNetError(err) {
			t.Errorf("slow connection %d: %v, want it answered or closed", i, err)
		}
	}
}

func isNetError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op)
}

// TestLimiter: each client has a bucket of burst requests, filled again
// at rate; past it, the client is told how long to wait. Clients are
// counted by address, IPv6 ones by their /64.
func TestLimiter(t *testing.T) {
	l := newLimiter(2, 2)
	t0 := time.Unix(1000, 0)
	a := netip.MustParsePrefix("192.0.2.1/32")
	b := netip.MustParsePrefix("192.0.2.2/32")
	steps := []struct {
		client netip.Prefix
		at     time.Duration
		ok     bool
		retry  int // when not ok
	}{
		{a, 0, true, 0},
		{a, 0, true, 0},
		{a, 0, false, 1},
		{b, 0, true, 0}, // another client has its own bucket
		{a, 250 * time.Millisecond, false, 1},
		{a, 500 * time.Millisecond, true, 0}, // one token back after 1/rate
		{a, 500 * time.Millisecond, false, 1},
		{a, 10 * time.Second, true, 0}, // full again, not more
		{a, 10 * time.Second, true, 0},
		{a, 10 * time.Second, false, 1},
	}
	for i, s := range steps {
		err := l.allow(s.client, t0.Add(s.at))
		var re *rateError
		switch {
		case s.ok && err != nil:
			t.Errorf("step %d: %v, want allowed", i, err)
		case !s.ok && !errors.As(err, &re):
			t.Errorf("step %d: %v, want a rateError", i, err)
		case !s.ok && re.retrySeconds() != s.retry:
			t.Errorf("step %d: retry after %d s, want %d", i, re.retrySeconds(), s.retry)
		}
	}
	if newLimiter(0, 10).allow(a, t0) != nil {
		t.Error("a rate of 0 limits")
	}

	clients := []struct{ remote, want string }{
		{"192.0.2.1:5000", "192.0.2.1/32"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:443", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.9]:80", "192.0.2.9/32"},
	}
	for _, c := range clients {
		r := httptest.NewRequest("GET", "/api/v1/volumes", nil)
		r.RemoteAddr = c.remote
		if got := clientOf(r).String(); got != c.want {
			t.Errorf("client of %s: %s, want %s", c.remote, got, c.want)
		}
	}
}

// TestLimiterForgets: the buckets kept are bounded.
func TestLimiterForgets(t *testing.T) {
	l := newLimiter(1, 1)
	t0 := time.Unix(1000, 0)
	for i := range maxClients + 10 {
		a := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		l.allow(netip.PrefixFrom(a, 32), t0)
	}
	if n := len(l.seen); n > maxClients {
		t.Errorf("%d buckets kept, want at most %d", n, maxClients)
	}
}
