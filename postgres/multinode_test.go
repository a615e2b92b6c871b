package postgres_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/testpg"
	"github.com/chancery-frus/chancery/postgres"
	"github.com/chancery-frus/chancery/storetest"
	"github.com/chancery-frus/chancery/web"
)

// node is one Chancery server over the shared database.
type node struct {
	db   *postgres.DB
	srv  *http.Server
	addr string
}

func startNode(t *testing.T, dsn, addr string) *node {
	t.Helper()
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	// Failures are logged at the error level: show them with the test's.
	h, err := web.New(db, slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	n := &node{db: db, srv: &http.Server{Handler: h}, addr: ln.Addr().String()}
	go n.srv.Serve(ln)
	return n
}

// testLog writes a node's log lines to the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// kill stops a node at once, mid-request, as a crash would.
func (n *node) kill() {
	n.srv.Close()
	n.db.Close()
}

// TestMultiNode: three nodes over one PostgreSQL under mixed load, with
// zero failed requests while a volume is re-ingested through one node,
// another node is killed and restarted, and PostgreSQL restarts (on the
// server outage tests may stop and start, testpg.OutageServer).
func TestMultiNode(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-node test skipped in -short mode")
	}
	outage := testpg.OutageServer(t)
	var dsn string
	if outage != nil {
		dsn = outage.Fresh(t)
	} else {
		dsn = freshDB(t)
	}
	ctx := context.Background()
	setup, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	storetest.PutTestVolumes(t, setup)
	setup.Close()

	nodes := make([]*node, 3)
	for i := range nodes {
		nodes[i] = startNode(t, dsn, "127.0.0.1:0")
	}
	var mu sync.RWMutex // guards nodes during the restart
	defer func() {
		for _, n := range nodes {
			n.kill()
		}
	}()

	paths := []string{
		"/historicaldocuments/frus1961-63v05/d253", "/historicaldocuments/frus1866p1/d4", "/historicaldocuments/frus1895Supp",
		"/search?q=Gromyko", "/search?q=%22test+ban%22&start-date=1962", "/api/v1/search?q=receive&sort-by=date-asc",
		"/api/v1/volumes", "/api/v1/volumes/frus1961-63v05/toc", "/historicaldocuments/frus1961-63v05/pg_534",
	}
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var requests, failures atomic.Int64
	var failMsgs sync.Map
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 1))
			for {
				select {
				case <-stop:
					return
				default:
				}
				path := paths[r.IntN(len(paths))]
				// As a load balancer does, a request a node could not take
				// (connection refused or reset) goes to another node.
				var status int
				var lastErr error
				for try := 0; try < 3; try++ {
					mu.RLock()
					n := nodes[r.IntN(len(nodes))]
					mu.RUnlock()
					resp, err := client.Get("http://" + n.addr + path)
					if err != nil {
						lastErr = err
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status, lastErr = resp.StatusCode, nil
					break
				}
				requests.Add(1)
				if lastErr != nil || (status != 200 && status != 302) {
					failures.Add(1)
					failMsgs.Store(fmt.Sprintf("%s: %d %v", path, status, lastErr), true)
				}
			}
		}(uint64(w))
	}

	time.Sleep(500 * time.Millisecond)
	// Re-ingest a volume through node 0: every node must see it.
	v := storetest.Volume(t, "frus1961-63v05.xml")
	v.Volume.Hash += "-reingested"
	v.Documents[0].Title = "Memorandum of Conversation, re-ingested"
	if res, err := nodes[0].db.PutVolume(ctx, v); err != nil || res != chancery.Replaced {
		t.Errorf("re-ingest: %v, %v", res, err)
	}
	// Kill node 2 mid-load and start it again.
	mu.Lock()
	old := nodes[2]
	old.kill()
	nodes[2] = nodes[0] // meanwhile the balancer has two nodes
	mu.Unlock()
	time.Sleep(300 * time.Millisecond)
	restarted := startNode(t, dsn, old.addr)
	mu.Lock()
	nodes[2] = restarted
	mu.Unlock()
	// Restart PostgreSQL.
	if outage != nil {
		outage.Restart(t)
	} else {
		t.Log("PostgreSQL not restarted: set CHANCERY_TEST_PG_OUTAGE and its commands (internal/testpg)")
	}
	time.Sleep(1500 * time.Millisecond)
	close(stop)
	wg.Wait()

	t.Logf("%d requests, %d failed", requests.Load(), failures.Load())
	failMsgs.Range(func(k, _ any) bool { t.Log(k); return true })
	if failures.Load() > 0 {
		t.Errorf("%d of %d requests failed", failures.Load(), requests.Load())
	}
	if requests.Load() < 100 {
		t.Errorf("only %d requests", requests.Load())
	}
	// Every node serves the re-ingested volume.
	for i, n := range nodes {
		resp, err := client.Get("http://" + n.addr + "/historicaldocuments/frus1961-63v05/d253")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), "re-ingested") {
			t.Errorf("node %d does not show the re-ingested volume", i)
		}
		h, err := client.Get("http://" + n.addr + "/healthz")
		if err != nil || h.StatusCode != 200 {
			t.Errorf("node %d /healthz: %v %v", i, h, err)
		}
		if h != nil {
			h.Body.Close()
		}
	}
}
