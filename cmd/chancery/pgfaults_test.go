package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-frus/chancery/internal/testpg"
	"github.com/chancery-frus/chancery/postgres"
	"github.com/chancery-frus/chancery/web"
)

// TestIngestPostgresStopStart stops PostgreSQL at a random moment of an
// ingest that replaces volumes, while a reader node serves requests over
// the same database, and starts it again a second later. The ingest
// either completes or fails with status 1 naming each volume not stored
// and the cause; every volume is whole, old or new; the reader answers
// only 200 or 503 throughout, and 200 again once the server is back,
// without being restarted; a new run completes to the totals of a run
// without the outage.
func TestIngestPostgresStopStart(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode")
	}
	o := testpg.OutageServer(t)
	if o == nil {
		t.Skip("set CHANCERY_TEST_PG_OUTAGE and the commands that stop and start it (internal/testpg)")
	}
	b := backend{name: "postgres", fresh: func(t *testing.T) string { return o.Fresh(t) }}
	bin := chanceryBinary(t)
	old, changed := faultVolumes(t, 3, 2)
	known, clean := reference(t, bin, b, old, changed)
	db := b.fresh(t)
	if r := ingestRun(t, bin, db, old, 0); r.code != 0 {
		t.Fatalf("first ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	ctx := context.Background()
	store, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	vol := strings.TrimSuffix(filepath.Base(old[0]), ".xml")
	docs, err := store.Documents(ctx, vol)
	if err != nil || len(docs) == 0 {
		t.Fatalf("documents of %s: %d, %v", vol, len(docs), err)
	}
	h, err := web.New(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	// The load: requests one after another until the test ends.
	paths := []string{"/api/v1/volumes", "/historicaldocuments/" + vol + "/" + docs[0].ID, "/healthz"}
	var mu sync.Mutex
	statuses := map[int]int{}
	var unexpected []string
	last := 0 // the status of the last answer
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		client := &http.Client{Timeout: time.Minute}
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			p := paths[i%len(paths)]
			resp, err := client.Get(srv.URL + p)
			status := 0
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				status = resp.StatusCode
			}
			mu.Lock()
			statuses[status]++
			last = status
			if status != http.StatusOK && status != http.StatusServiceUnavailable {
				unexpected = append(unexpected, fmt.Sprintf("%s: %d %v", p, status, err))
			}
			mu.Unlock()
		}
	}()
	defer func() { close(done); wg.Wait() }()

	// The replacement run, with the server stopped at a random moment.
	sd := seed(t)
	t.Logf("seed %d (set CHANCERY_TEST_SEED=%d to repeat)", sd, sd)
	rng := rand.New(rand.NewPCG(sd, 0x70677374))
	delay := time.Duration(rng.Int64N(int64(clean.took[1]))) + time.Millisecond
	cmd := exec.Command(bin, append([]string{"ingest", "--db", db, "-j", "2"}, changed...)...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(delay)
	o.Stop(t)
	stopped := time.Now()
	time.Sleep(time.Second)
	o.Start(t)
	t.Logf("PostgreSQL stopped %v into the run, for %v", delay.Round(time.Millisecond), time.Since(stopped).Round(time.Millisecond))
	cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	t.Logf("the ingest: exit %d\n%s%s", code, out.String(), errOut.String())
	switch code {
	case 0:
	case 1:
		for _, l := range errorLines(errOut.String()) {
			named := false
			for _, f := range changed {
				named = named || strings.Contains(l, filepath.Base(f))
			}
			if !named || !strings.Contains(l, "PostgreSQL does not answer") {
				t.Errorf("the error names no volume file, or not the cause: %s", l)
			}
		}
	default:
		t.Fatalf("the ingest: exit %d, want 0 or 1", code)
	}
	verifyWhole(t, bin, db, known, nil)

	// The reader recovers by itself.
	for deadline := time.Now().Add(time.Minute); ; {
		mu.Lock()
		ok := last == http.StatusOK
		mu.Unlock()
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the reader still fails a minute after PostgreSQL started again")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// A new run completes.
	if r := ingestRun(t, bin, db, changed, 0); r.code != 0 {
		t.Fatalf("the run after the restart: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	state, total := verifyWhole(t, bin, db, known, nil)
	for id, h := range clean.hashes[1] {
		if state[id] != h {
			t.Errorf("%s: not the new version after the last run", id)
		}
	}
	if total != clean.totals[1] {
		t.Errorf("totals %+v, want %+v", total, clean.totals[1])
	}
	mu.Lock()
	defer mu.Unlock()
	var counts []string
	for s, n := range statuses {
		counts = append(counts, fmt.Sprintf("%d: %d", s, n))
	}
	sort.Strings(counts)
	t.Logf("the reader's answers by status: %s", strings.Join(counts, ", "))
	for _, u := range unexpected {
		t.Errorf("the reader answered %s", u)
	}
}
