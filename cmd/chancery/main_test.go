package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/graph"
	"github.com/chancery-frus/chancery/internal/corpus"
)

// run runs the command line and returns its exit status and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, cmd := range []string{"", "ingest", "get", "stats", "show", "search", "serve", "check", "cite", "bench", "version"} {
		args := []string{"--help"}
		if cmd != "" {
			args = []string{cmd, "--help"}
		}
		code, out, _ := run(t, args...)
		if code != 0 || !strings.Contains(out, "Usage:") {
			t.Errorf("chancery %s --help: exit %d, output %q", cmd, code, out)
		}
	}
}

func TestIngestStatsShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	code, out, errOut := run(t, "ingest", "--db", db, "../../testdata/volumes")
	if code != 0 {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"3 volumes", "3 added", "warnings:", "unknown-element 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("ingest output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "ingest", "--db", db, "../../testdata/volumes")
	if code != 0 || !strings.Contains(out, "3 unchanged") {
		t.Errorf("second ingest: exit %d\n%s", code, out)
	}

	code, out, _ = run(t, "stats", "--db", db)
	if code != 0 || !strings.Contains(out, "frus1961-63v05") || !strings.Contains(out, "total") {
		t.Errorf("stats: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "stats", "--db", db, "--json", "--warnings", "frus1961-63v05")
	var report struct {
		Volumes  []chancery.VolumeStats
		Total    chancery.VolumeStats
		Warnings []chancery.Warning
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil || code != 0 {
		t.Fatalf("stats --json: exit %d, %v\n%s", code, err, out)
	}
	if len(report.Volumes) != 1 || report.Total.Documents != 5 || report.Total.Persons != 7 || len(report.Warnings) == 0 {
		t.Errorf("stats --json = %+v", report)
	}

	code, out, errOut = run(t, "show", "--db", db, "--format", "json", "frus1961-63v05/d253")
	var doc chancery.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 {
		t.Fatalf("show: exit %d, %v\n%s%s", code, err, out, errOut)
	}
	if doc.Title != "Memorandum of Conversation" || len(doc.Participants) != 2 || doc.Body == nil {
		t.Errorf("show d253 = %+v", doc)
	}
	code, _, errOut = run(t, "show", "--db", db, "frus1961-63v05/d999")
	if code == 0 || !strings.Contains(errOut, "frus1961-63v05/d999 is not in") {
		t.Errorf("show missing document: exit %d, %q", code, errOut)
	}
	for format, want := range map[string]string{
		"text":     "253. Memorandum of Conversation [0]\n",
		"markdown": "# 253. Memorandum of Conversation",
		"html":     `id="pg_534"`,
		"tei":      `<div xmlns="http://www.tei-c.org/ns/1.0"`,
	} {
		code, out, errOut = run(t, "show", "--db", db, "--format", format, "frus1961-63v05/d253")
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("show --format %s: exit %d, %q lacks %q", format, code, errOut, want)
		}
	}
	code, out, _ = run(t, "show", "--db", db, "--format", "text", "frus1961-63v05/d253")
	if code != 0 || !strings.Contains(out, "Washington, October 18, 1962, 5 p.m.") || !strings.Contains(out, "economic field and [Page 534] in the satisfaction") || !strings.Contains(out, "pp. 370–376") {
		t.Errorf("show --format text lost the dateline, a page marker or a dash:\n%s", out)
	}
	code, _, errOut = run(t, "show", "--db", db, "--format", "pdf", "frus1961-63v05/d253")
	if code == 0 || !strings.Contains(errOut, `unknown format "pdf"`) {
		t.Errorf("show --format pdf: exit %d, %q", code, errOut)
	}
}

func TestIngestFailureExitStatus(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	code, out, errOut := run(t, "ingest", "--db", db, "../../testdata/volumes/frus1895Supp.xml", "../../testdata/bad/truncated.xml")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(errOut, "truncated.xml:36:") || !strings.Contains(out, "1 added") || !strings.Contains(out, "1 failed") {
		t.Errorf("output:\n%s\n%s", out, errOut)
	}
	code, _, errOut = run(t, "ingest", "--db", db, "no/such/file.xml")
	if code != 1 || !strings.Contains(errOut, "no/such/file.xml") {
		t.Errorf("missing input: exit %d, %q", code, errOut)
	}
}

// TestIngestGoesOnPastBadInputs: a missing path, a named pipe, a broken
// file with control characters in its name each fail on their own, at
// once; the good volumes are stored; names never reach the output raw.
func TestIngestGoesOnPastBadInputs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	fifo := filepath.Join(dir, "fifo.xml")
	if err := exec.Command("mkfifo", fifo).Run(); err != nil {
		t.Skipf("no mkfifo: %v", err)
	}
	escape := filepath.Join(dir, "x\x1b]0;title\x07.xml")
	os.WriteFile(escape, []byte("<TEI"), 0o644)
	var code int
	var out, errOut string
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		code, out, errOut = run(t, "ingest", "--db", db, "--warnings", "no/such/volume.xml", "../../testdata/volumes", fifo, escape)
	}()
	select {
	case <-finished:
	case <-time.After(time.Minute):
		t.Fatal("ingest still running after a minute")
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"3 added", "3 failed", "6 volumes"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{
		"error: no/such/volume.xml: no such file or directory",
		"error: " + fifo + ": not a regular file: a named pipe (FIFO)",
		"error: " + strconv.Quote(escape) + ":1: malformed XML",
		"chancery: 3 of 6 inputs failed",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("errors lack %q:\n%s", want, errOut)
		}
	}
	if strings.ContainsAny(out+errOut, "\x1b\x07") {
		t.Errorf("a control character reached the output:\n%q", out+errOut)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("database: %v", err)
	}
	// Nothing to read at all: no database is created.
	none := filepath.Join(dir, "none.db")
	code, _, errOut = run(t, "ingest", "--db", none, "no/such/volume.xml", fifo+"-missing")
	if code != 1 || !strings.Contains(errOut, "no volume files to ingest: 2 of 2 inputs failed") {
		t.Errorf("no inputs: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(none); err == nil {
		t.Error("a database was created with nothing to ingest")
	}
}

// waitingStore stores nothing: PutVolume waits for its context to be done.
type waitingStore struct {
	chancery.Store
	entered chan struct{}
}

func (s *waitingStore) PutVolume(ctx context.Context, v *chancery.VolumeData) (chancery.PutResult, error) {
	s.entered <- struct{}{}
	<-ctx.Done()
	return 0, ctx.Err()
}

// TestIngestInterrupted: a signal during an ingest (the command's context
// cancelled with its cause) stops it with a message and status 130.
func TestIngestInterrupted(t *testing.T) {
	db, err := openStore(context.Background(), filepath.Join(t.TempDir(), "c.db"), createIfMissing)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files := []string{"../../testdata/volumes/frus1866p1.xml", "../../testdata/volumes/frus1895Supp.xml", "../../testdata/volumes/frus1961-63v05.xml"}
	store := &waitingStore{Store: db, entered: make(chan struct{}, len(files))}
	ctx, cancel := context.WithCancelCause(context.Background())
	go func() {
		<-store.entered
		cancel(errors.New("interrupt signal received"))
	}()
	var out, errOut bytes.Buffer
	err = runIngest(ctx, store, files, ingestOptions{workers: 1, out: &out, errOut: &errOut})
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 130 || !strings.Contains(ee.msg, "interrupted (interrupt signal received): 0 of 3 inputs stored") {
		t.Errorf("runIngest = %v, want status 130 and the cause\n%s%s", err, out.String(), errOut.String())
	}
	if vols, _ := db.Volumes(context.Background()); len(vols) != 0 {
		t.Errorf("stored %d volumes", len(vols))
	}
}

func TestGet(t *testing.T) {
	data, err := os.ReadFile("../../testdata/volumes/frus1895Supp.xml")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/frus1895Supp.xml":
			w.Write(data)
		case "/frus1900html.xml":
			w.Write([]byte("<html><body>Rate limited</body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	tmp := t.TempDir()
	db := filepath.Join(tmp, "c.db")
	dir := filepath.Join(tmp, "data")

	code, out, errOut := run(t, "get", "--db", db, "--dir", dir, "--source", srv.URL, "frus1895Supp")
	if code != 0 || !strings.Contains(out, "frus1895Supp: added") {
		t.Fatalf("get: exit %d\n%s\n%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "frus1895Supp.xml")); err != nil {
		t.Errorf("volume not kept: %v", err)
	}
	code, _, errOut = run(t, "get", "--db", db, "--dir", dir, "--source", srv.URL, "frus1900html", "frus1900missing")
	if code != 1 || !strings.Contains(errOut, "not a usable FRUS volume") || !strings.Contains(errOut, "404") {
		t.Errorf("bad volumes: exit %d\n%s", code, errOut)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("data directory after failures: %v", entries)
	}
	// A local directory as the source.
	code, out, errOut = run(t, "get", "--db", db, "--dir", filepath.Join(tmp, "data2"), "--source", "../../testdata/volumes", "frus1866p1")
	if code != 0 || !strings.Contains(out, "frus1866p1: added") {
		t.Errorf("get from a directory: exit %d\n%s\n%s", code, out, errOut)
	}
	code, _, errOut = run(t, "get", "--db", db, "../etc")
	if code != 1 || !strings.Contains(errOut, "is neither a FRUS volume id") {
		t.Errorf("bad id: exit %d, %q", code, errOut)
	}
}

// TestGetRefusesHostileSources: a volume announced as larger than the
// limit is refused before its body is read, a named pipe in a local source
// is refused without being opened, and neither leaves a file behind.
func TestGetRefusesHostileSources(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "314572800")
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	tmp := t.TempDir()
	db, dir := filepath.Join(tmp, "c.db"), filepath.Join(tmp, "data")
	code, _, errOut := run(t, "get", "--db", db, "--dir", dir, "--source", srv.URL, "frus1900big")
	if code != 1 || !strings.Contains(errOut, "volume too large: 300 MB, over the limit of 256 MB for one volume") {
		t.Errorf("large volume: exit %d, %q", code, errOut)
	}
	src := filepath.Join(tmp, "src")
	os.Mkdir(src, 0o755)
	if err := exec.Command("mkfifo", filepath.Join(src, "frus1900fifo.xml")).Run(); err != nil {
		t.Skipf("no mkfifo: %v", err)
	}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		code, _, errOut = run(t, "get", "--db", db, "--dir", dir, "--source", src, "frus1900fifo")
	}()
	select {
	case <-finished:
	case <-time.After(time.Minute):
		t.Fatal("get still running after a minute")
	}
	if code != 1 || !strings.Contains(errOut, "frus1900fifo.xml: not a regular file: a named pipe (FIFO)") {
		t.Errorf("named pipe: exit %d, %q", code, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("data directory after refusals: %v", entries)
	}
}

// TestLimitedTransport: a download without an announced size fails once
// it passes the limit, having read no more than the limit and one byte.
func TestLimitedTransport(t *testing.T) {
	const limit = 1000
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.(http.Flusher).Flush() // chunked: no Content-Length
		for range 100 {
			n, err := w.Write(make([]byte, 100))
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	client := &http.Client{Transport: limitedTransport{base: http.DefaultTransport, limit: limit}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil || err.Error() != "volume too large: more than 1000 bytes, the limit for one volume" {
		t.Errorf("body of %d bytes: %v", sent.Load(), err)
	}
	if len(data) > limit+1 {
		t.Errorf("read %d bytes, want at most %d", len(data), limit+1)
	}
}

// syncBuffer is a bytes.Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeFirstRun: serve on an empty database fetches the starter set,
// then serves, and stops cleanly when interrupted.
func TestServeFirstRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--source", "../../testdata/volumes", "--starter", "frus1895Supp,frus1866p1"}, &out, &errOut)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "serving") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", out.String(), errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	m := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no address in %q", out.String())
	}
	resp, err := http.Get("http://" + m[1] + "/historicaldocuments/frus1866p1/d1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a starter volume's document: status %d", resp.StatusCode)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d:\n%s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "fetching 2 starter volumes") {
		t.Errorf("output: %s", out.String())
	}
	for _, want := range []string{"msg=\"shutting down\"", "msg=stopped drained_ms="} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("the log of a stopping server lacks %q:\n%s", want, errOut.String())
		}
	}
}

// closedPort returns the address of a port on loopback that nothing
// listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestServeFirstRunOffline: when the starter set cannot be fetched, serve
// stops and says how to start without a network.
func TestServeFirstRunOffline(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	source := "http://" + closedPort(t) + "/"
	code, out, errOut := run(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--source", source)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if strings.Contains(out, "serving") {
		t.Errorf("serve started without its starter set:\n%s", out)
	}
	for _, want := range []string{
		"could not be fetched from " + source,
		"chancery serve --db " + db + " --source DIR --starter all",
		"chancery serve --db " + db + " --starter none",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the error lacks %q:\n%s", want, errOut)
		}
	}
}

// TestReadCommandsNeedAnExistingDatabase: a command that only reads
// reports a database path that names no file, and creates nothing there.
func TestReadCommandsNeedAnExistingDatabase(t *testing.T) {
	tests := []struct {
		name string
		args []string // DB stands for the missing path
	}{
		{"stats", []string{"stats", "--db", "DB"}},
		{"stats --json", []string{"stats", "--json", "--db", "DB"}},
		{"show", []string{"show", "--db", "DB", "frus1961-63v05/d253"}},
		{"search", []string{"search", "--db", "DB", "Gromyko"}},
		{"cite", []string{"cite", "--db", "DB", "frus1961-63v05/d253"}},
		{"check", []string{"check", "--db", "DB"}},
		{"migrate --from", []string{"migrate", "--from", "DB", "--to", "OTHER"}},
		{"migrate --db", []string{"migrate", "--db", "DB"}},
		{"check --store", []string{"check", "--store", "--db", "DB"}},
		{"bench search", []string{"bench", "search", "--db", "DB", "--runs", "1"}},
		{"bench web", []string{"bench", "web", "--db", "DB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "typo.db")
			var args []string
			for _, a := range tt.args {
				switch a {
				case "DB":
					a = db
				case "OTHER":
					a = filepath.Join(dir, "copy.db")
				}
				args = append(args, a)
			}
			code, _, errOut := run(t, args...)
			if code != 1 || !strings.Contains(errOut, "no database at "+db) {
				t.Errorf("exit %d, %q; want 1 and an error naming %s", code, errOut, db)
			}
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Errorf("files left behind: %v", entries)
			}
		})
	}
	// The commands that store volumes create a new database.
	db := filepath.Join(t.TempDir(), "new.db")
	if code, _, errOut := run(t, "ingest", "-q", "--db", db, "../../testdata/volumes/frus1895Supp.xml"); code != 0 {
		t.Fatalf("ingest into a new database: %s", errOut)
	}
	if code, out, errOut := run(t, "stats", "--db", db); code != 0 || !strings.Contains(out, "frus1895Supp") {
		t.Errorf("stats of the new database: exit %d\n%s%s", code, out, errOut)
	}
}

func TestCite(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if code, _, errOut := run(t, "ingest", "-q", "--db", db, "../../testdata/volumes"); code != 0 {
		t.Fatal(errOut)
	}
	code, out, _ := run(t, "cite", "--db", db, "frus1961-63v05/d253")
	if code != 0 || !strings.HasPrefix(out, "Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union, eds. Charles S. Sampson and John Michael Joyce (Washington: Government Printing Office, 1998), Document 253.") {
		t.Errorf("cite: exit %d, %q", code, out)
	}
	if code, out, _ = run(t, "cite", "--db", db, "--style", "bibtex", "frus1961-63v05/d253"); code != 0 || !strings.Contains(out, "@incollection") {
		t.Errorf("cite --style bibtex: exit %d, %q", code, out)
	}
	if code, _, errOut := run(t, "cite", "--db", db, "--style", "apa", "frus1961-63v05/d253"); code == 0 || !strings.Contains(errOut, "apa") {
		t.Errorf("unknown style: exit %d, %q", code, errOut)
	}
}

// TestResolve: a pasted citation gives the documents it means, a volume
// not stored here its address, and the exit status says whether every
// citation resolved.
func TestResolve(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if code, _, errOut := run(t, "ingest", "-q", "--db", db, "../../testdata/volumes"); code != 0 {
		t.Fatal(errOut)
	}
	code, out, _ := run(t, "resolve", "--db", db, "Foreign Relations, 1961–1963, vol. V, Document 253; ibid., vol. XV, pp. 370–376")
	want := "Foreign Relations, 1961–1963, vol. V, Document 253\n  frus1961-63v05: d253\n" +
		"ibid., vol. XV, pp. 370–376\n  frus1961-63v15, pp. 370–376 (not in this database): https://history.state.gov/historicaldocuments/frus1961-63v15/pg_370\n"
	if code != 0 || out != want {
		t.Errorf("resolve: exit %d\n%s\nwant\n%s", code, out, want)
	}
	ids := filepath.Join(dir, "ids.txt")
	if err := os.WriteFile(ids, []byte("frus1961-63v05\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ = run(t, "resolve", "--db", db, "--volume-ids", ids, "--json", "FRUS, 1961–1963, vol. XV, p. 370"); code != 1 || !strings.Contains(out, `"broken": "no volume frus1961-63v15 in the series"`) {
		t.Errorf("a volume not in the list: exit %d, %s", code, out)
	}
	if code, _, errOut := run(t, "resolve", "--db", db, "the weather in Moscow"); code == 0 || !strings.Contains(errOut, "no citation") {
		t.Errorf("no citation: exit %d, %q", code, errOut)
	}
	if err := os.WriteFile(ids, []byte("frus1861\n<!DOCTYPE html>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, "resolve", "--db", db, "--volume-ids", ids, "Document 253"); code == 0 || !strings.Contains(errOut, "ids.txt:2: not a volume id") {
		t.Errorf("a bad list of ids: exit %d, %q", code, errOut)
	}
}

// TestSearch: a search with words names them and ranks its hits; filters
// without words list the documents they keep in date order, under a line
// that names the filters; neither words nor filters is an error saying
// what to give.
func TestSearch(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if code, _, errOut := run(t, "ingest", "-q", "--db", db, "../../testdata/volumes"); code != 0 {
		t.Fatal(errOut)
	}
	hit := regexp.MustCompile(`(?m)^\d+\. (\S+)`)
	tests := []struct {
		name    string
		args    []string
		header  string   // the first line, without its time
		hits    []string // the hits, in order; nil when not checked
		score   bool     // the hits show their score
		errWant string   // the error, when the search must fail
	}{
		{"words", []string{"Gromyko", "--limit", "1"}, "4 documents match Gromyko", nil, true, ""},
		{"one document", []string{"Gromyko", "telegram", "Moscow", "--from", "1962-10-19"}, "1 document matches Gromyko telegram Moscow", []string{"frus1961-63v05/d254"}, true, ""},
		{"a year", []string{"--from", "1962", "--to", "1962"}, "4 documents dated 1962-01-01 to 1962-12-31, oldest first",
			[]string{"frus1961-63v05/d253", "frus1961-63v05/d254", "frus1961-63v05/d256", "frus1961-63v05/d257"}, false, ""},
		{"a year, newest first", []string{"--from", "1962", "--to", "1962", "--sort", "date-desc"}, "4 documents dated 1962-01-01 to 1962-12-31, newest first",
			[]string{"frus1961-63v05/d257", "frus1961-63v05/d256", "frus1961-63v05/d254", "frus1961-63v05/d253"}, false, ""},
		{"relevance without words is date order", []string{"--from", "1962", "--to", "1962", "--sort", "relevance", "--limit", "1"}, "4 documents dated 1962-01-01 to 1962-12-31, oldest first",
			[]string{"frus1961-63v05/d253"}, false, ""},
		{"a day", []string{"--from", "1962-10-18", "--to", "1962-10-18"}, "1 document dated 1962-10-18, oldest first", []string{"frus1961-63v05/d253"}, false, ""},
		{"an open range", []string{"--from", "1963"}, "0 documents dated on or after 1963-01-01, oldest first", []string{}, false, ""},
		{"a volume's telegrams", []string{"--volume", "frus1961-63v05", "--type", "telegram", "--kind", "historical"}, "1 historical document in frus1961-63v05 of type telegram, oldest first",
			[]string{"frus1961-63v05/d254"}, false, ""},
		{"editorial notes", []string{"--kind", "editorial"}, "1 editorial note, oldest first", []string{"frus1961-63v05/d255"}, false, ""},
		{"an empty query is no words", []string{"--from", "1962-10-18", "--to", "1962-10-18", ""}, "1 document dated 1962-10-18, oldest first", []string{"frus1961-63v05/d253"}, false, ""},
		{"nothing to search for", nil, "", nil, false, "no query: give words to search for, or a volume, dates or a type"},
		{"blank filters", []string{"--volume", "", "--from", ""}, "", nil, false, "no query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, append([]string{"search", "--db", db}, tt.args...)...)
			if tt.errWant != "" {
				if code != 1 || !strings.Contains(errOut, tt.errWant) {
					t.Errorf("exit %d, %q; want 1 and an error saying %q", code, errOut, tt.errWant)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, errOut)
			}
			header, _, _ := strings.Cut(out, "\n")
			if got, _, _ := strings.Cut(header, " ("); got != tt.header {
				t.Errorf("header %q, want %q", header, tt.header)
			}
			if tt.hits != nil {
				got := []string{}
				for _, m := range hit.FindAllStringSubmatch(out, -1) {
					got = append(got, m[1])
				}
				if strings.Join(got, " ") != strings.Join(tt.hits, " ") {
					t.Errorf("hits %v, want %v\n%s", got, tt.hits, out)
				}
			}
			if strings.Contains(out, " · score ") != tt.score {
				t.Errorf("score shown: %v, want %v\n%s", !tt.score, tt.score, out)
			}
		})
	}
	// --json without words: the result as the API's.
	code, out, errOut := run(t, "search", "--db", db, "--json", "--from", "1962", "--to", "1962")
	var res chancery.SearchResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("--json: exit %d, %v\n%s%s", code, err, out, errOut)
	}
	if res.Total != 4 || len(res.Hits) != 4 || res.Hits[0].Document != "d253" {
		t.Errorf("--json: total %d, hits %+v", res.Total, res.Hits)
	}
}

// TestInterruptedStatus: a command stopped by a signal exits 128 and the
// signal's number, as a shell reports it; one cancelled otherwise, 130.
func TestInterruptedStatus(t *testing.T) {
	for _, tt := range []struct {
		cause error
		want  int
	}{
		{signalError{os.Interrupt}, 130},
		{signalError{syscall.SIGTERM}, 143},
		{errors.New("cancelled"), 130},
	} {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(tt.cause)
		if got := interruptedStatus(ctx); got != tt.want {
			t.Errorf("cause %v: status %d, want %d", tt.cause, got, tt.want)
		}
	}
	if got := (signalError{syscall.SIGTERM}).Error(); got != "terminated signal received" {
		t.Errorf("SIGTERM's cause reads %q", got)
	}
}

// TestCitationsAndCheck: ingest stores the citations and says how many
// of other volumes resolved; check reports the broken ones (exit 1), and
// against a list of ids, a volume the series lacks; citations prints the
// graph as JSON Lines and CSV.
func TestCitationsAndCheck(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if code, out, errOut := run(t, "ingest", "--db", db, "../../testdata/volumes", "../../testdata/graph/frus1961-63v15.xml"); code != 0 || !strings.Contains(out, "citations of the volumes stored: ") {
		t.Fatalf("ingest: exit %d, %s%s", code, out, errOut)
	}
	code, out, _ := run(t, "check", "--db", db, "frus1961-63v05")
	if code != 1 || !strings.Contains(out, "frus1961-63v05: ") || !strings.Contains(out, `malformed target "http://thought.it"`) {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	ids := filepath.Join(dir, "ids.txt")
	if err := os.WriteFile(ids, []byte("frus1961-63v05\nfrus1961-63v15\nfrus1866p1\nfrus1895Supp\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, out, _ = run(t, "check", "--db", db, "--volume-ids", ids, "frus1961-63v05"); !strings.Contains(out, "no-volume citation") || !strings.Contains(out, "no volume frus1961-63v07 in the series") {
		t.Errorf("check --volume-ids: %s", out)
	}
	code, out, _ = run(t, "citations", "--db", db, "frus1961-63v05", "d253")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) < 3 || !strings.Contains(lines[0], `"documents":["d150","d151","d149"]`) {
		t.Errorf("citations of d253: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "citations", "--db", db, "--format", "csv")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || lines[0] != strings.Join(graph.CSVHeader, ",") || len(lines) < 10 {
		t.Errorf("citations --format csv: exit %d\n%s", code, out)
	}
	if code, _, errOut := run(t, "citations", "--db", db, "--format", "xml"); code == 0 || !strings.Contains(errOut, "give csv or jsonl") {
		t.Errorf("citations --format xml: exit %d, %s", code, errOut)
	}
}

// TestGetDatasets: the publisher's three archives load from a directory
// and stats shows them; a hostile archive is refused and the older load
// of its dataset stays.
func TestGetDatasets(t *testing.T) {
	shared := corpus.Datasets(t)
	tmp := t.TempDir()
	db := filepath.Join(tmp, "c.db")
	if code, _, errOut := run(t, "ingest", "--db", db, "../../testdata/volumes/frus1961-63v05.xml"); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	code, out, errOut := run(t, "get", "--db", db, "--source", shared, "people", "pocom", "travels")
	if code != 0 || !strings.Contains(out, "people: loaded from") || !strings.Contains(out, "16312 persons") || !strings.Contains(out, "6844 tenures") || !strings.Contains(out, "47 presidents") ||
		!regexp.MustCompile(`persons of the documents: [1-9]\d* in 1 volumes, resolved again`).MatchString(out) {
		t.Fatalf("get people pocom travels: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = run(t, "stats", "--db", db)
	if code != 0 || !strings.Contains(out, "dataset pocom: 4261 officials, 326 positions, 6844 tenures; 0 warnings") {
		t.Errorf("stats: exit %d\n%s", code, out)
	}
	// An archive with a path leaving it: refused, the older load kept.
	bad := filepath.Join(tmp, "bad")
	os.Mkdir(bad, 0o755)
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	tw.WriteHeader(&tar.Header{Name: "pocom-master/../../x.xml", Typeflag: tar.TypeReg, Mode: 0o644, Size: 2})
	tw.Write([]byte("<x"))
	tw.Close()
	gz.Close()
	os.WriteFile(filepath.Join(bad, "pocom.tar.gz"), buf.Bytes(), 0o644)
	code, _, errOut = run(t, "get", "--db", db, "--source", bad, "pocom")
	if code != 1 || !strings.Contains(errOut, "a path outside the archive") || !strings.Contains(errOut, "older loads stay") {
		t.Errorf("a hostile archive: exit %d\n%s", code, errOut)
	}
	code, out, _ = run(t, "stats", "--db", db, "--json")
	if code != 0 || !strings.Contains(out, `"officials": 4261`) {
		t.Errorf("stats after a refused load: %s", out)
	}
	if code, _, errOut = run(t, "get", "--db", db, "gazetteer"); code == 0 || !strings.Contains(errOut, "nor a dataset (people, pocom, travels)") {
		t.Errorf("an unknown name: exit %d, %s", code, errOut)
	}
}
