package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// WebOptions tune the web benchmark.
type WebOptions struct {
	Binary   string        // the chancery binary that serves
	DB       string        // its database
	Duration time.Duration // of each load phase
	Workers  int           // concurrent clients
	Nodes    int           // servers started over the same database (for PostgreSQL); 0 means 1
}

// WebResult is what the web benchmark measured.
type WebResult struct {
	DocServerP50, DocServerP90, DocServerP99 time.Duration // server time of document pages, from its access log
	SearchServerP50, SearchServerP99         time.Duration
	DocPagesPerSec                           float64
	SearchPagesPerSec                        float64
	Errors                                   int64
	FirstErrors                              []string // what the first few failed requests got
	RSSKB, PeakRSSKB                         int64
	Pages                                    int
}

func (r WebResult) String() string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	return fmt.Sprintf("document pages: server time p50 %s, p90 %s, p99 %s (one client); %.0f pages/s (all clients)\n"+
		"search pages:   server time p50 %s, p99 %s (one client); %.0f pages/s (all clients)\n"+
		"errors: %d; server RSS %d MB now, %d MB at most (the largest node); %d document addresses",
		ms(r.DocServerP50), ms(r.DocServerP90), ms(r.DocServerP99), r.DocPagesPerSec,
		ms(r.SearchServerP50), ms(r.SearchServerP99), r.SearchPagesPerSec,
		r.Errors, r.RSSKB/1024, r.PeakRSSKB/1024, r.Pages) + strings.Join(append([]string{""}, r.FirstErrors...), "\n  failed: ")
}

var (
	servingRE = regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)/`)
	logRE     = regexp.MustCompile(`path=("[^"]*"|\S+) status=(\d+) bytes=\d+ ms=([\d.]+)`)
)

// Web starts `chancery serve` on loopback as a separate process, loads it
// with document pages then search pages from Workers clients, and reads
// the server's own timings from its access log and its memory from /proc.
// Load starts once every node has logged that its corpus is in memory.
func Web(ctx context.Context, o WebOptions, docs []string, queries []string) (*WebResult, error) {
	var (
		mu     sync.Mutex
		docMS  []float64
		srchMS []float64
	)
	collect := func(stderr io.Reader, done chan struct{}) {
		defer close(done)
		ls := bufio.NewScanner(stderr)
		ls.Buffer(make([]byte, 64<<10), 1<<20)
		for ls.Scan() {
			m := logRE.FindStringSubmatch(ls.Text())
			if m == nil || m[2] != "200" || !strings.Contains(m[1], "timing=1") {
				continue // a failure, or a request of the throughput phase
			}
			v, _ := strconv.ParseFloat(m[3], 64)
			mu.Lock()
			if strings.Contains(m[1], "/search?") {
				srchMS = append(srchMS, v)
			} else if strings.Contains(m[1], "/historicaldocuments/") {
				docMS = append(docMS, v)
			}
			mu.Unlock()
		}
	}
	nodes := max(o.Nodes, 1)
	var servers []*served
	defer func() {
		for _, sv := range servers {
			sv.stop()
		}
	}()
	var bases []string
	for i := 0; i < nodes; i++ {
		done := make(chan struct{})
		sv, err := startServe(ctx, o.Binary, o.DB, nil, func(stderr io.Reader) { collect(stderr, done) })
		if err != nil {
			return nil, err
		}
		sv.done = done
		servers = append(servers, sv)
		bases = append(bases, sv.base)
	}
	// Measure nodes as they serve once started: with the search index and
	// the volumes loaded (see web.Server.KeepWarm).
	for _, sv := range servers {
		if err := sv.waitReady(ctx); err != nil {
			return nil, err
		}
	}
	var err error
	res := &WebResult{Pages: len(docs)}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.Workers, DisableCompression: true}}
	// load requests random paths from workers clients for d, and returns
	// the pages a second.
	var failMu sync.Mutex
	failed := func(what string) {
		failMu.Lock()
		defer failMu.Unlock()
		if len(res.FirstErrors) < 5 {
			res.FirstErrors = append(res.FirstErrors, what)
		}
	}
	load := func(paths []string, workers int, d time.Duration) (float64, error) {
		var n, errs atomic.Int64
		deadline := time.Now().Add(d)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(seed uint64) {
				defer wg.Done()
				r := rand.New(rand.NewPCG(seed, 7))
				for time.Now().Before(deadline) && ctx.Err() == nil {
					u := bases[r.IntN(len(bases))] + paths[r.IntN(len(paths))]
					resp, err := client.Get(u)
					if err != nil {
						if ctx.Err() == nil {
							errs.Add(1)
							failed(err.Error())
						}
						continue
					}
					body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						errs.Add(1)
						failed(fmt.Sprintf("%s: %s %.200s", u, resp.Status, body))
					}
					n.Add(1)
				}
			}(uint64(w))
		}
		wg.Wait()
		res.Errors += errs.Load()
		return float64(n.Load()) / d.Seconds(), ctx.Err()
	}
	var searches, timedDocs, timedSearches []string
	for _, q := range queries {
		searches = append(searches, "/search?q="+url.QueryEscape(q))
	}
	for _, d := range docs {
		timedDocs = append(timedDocs, d+"?timing=1")
	}
	for _, q := range searches {
		timedSearches = append(timedSearches, q+"&timing=1")
	}
	// Server time is measured one request at a time, throughput with
	// every client at once.
	if _, err = load(timedDocs, 1, o.Duration/2); err != nil {
		return nil, err
	}
	if res.DocPagesPerSec, err = load(docs, o.Workers, o.Duration); err != nil {
		return nil, err
	}
	if _, err = load(timedSearches, 1, o.Duration/2); err != nil {
		return nil, err
	}
	if res.SearchPagesPerSec, err = load(searches, o.Workers, o.Duration); err != nil {
		return nil, err
	}
	for _, sv := range servers {
		rss, peak := procMemory(sv.cmd.Process.Pid)
		res.RSSKB, res.PeakRSSKB = max(res.RSSKB, rss), max(res.PeakRSSKB, peak)
	}
	for _, sv := range servers {
		sv.stop()
		<-sv.done
	}
	servers = nil
	pct := func(v []float64, p float64) time.Duration {
		if len(v) == 0 {
			return 0
		}
		sort.Float64s(v)
		return time.Duration(v[int(p*float64(len(v)-1))] * float64(time.Millisecond))
	}
	res.DocServerP50, res.DocServerP90, res.DocServerP99 = pct(docMS, .5), pct(docMS, .9), pct(docMS, .99)
	res.SearchServerP50, res.SearchServerP99 = pct(srchMS, .5), pct(srchMS, .99)
	return res, nil
}

// procMemory reads a process's resident set size, now and at its peak.
func procMemory(pid int) (rss, peak int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = n
		case "VmHWM:":
			peak = n
		}
	}
	return rss, peak
}

// served is a `chancery serve` process started by a benchmark.
type served struct {
	cmd   *exec.Cmd
	base  string        // http://127.0.0.1:PORT
	ready chan struct{} // closed once it has logged that its volumes are loaded
	done  chan struct{} // for the caller: closed once its log is read
	once  sync.Once
}

// startServe starts `chancery serve` over db on a free loopback port,
// with extra flags, and hands its log (standard error) to logs, which
// must read it to the end.
func startServe(ctx context.Context, binary, db string, extra []string, logs func(io.Reader)) (*served, error) {
	args := append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--starter", "none"}, extra...)
	cmd := exec.CommandContext(ctx, binary, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	sv := &served{cmd: cmd, ready: make(chan struct{})}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := servingRE.FindStringSubmatch(sc.Text()); m != nil {
			sv.base = m[1]
			break
		}
	}
	if sv.base == "" {
		sv.stop()
		return nil, fmt.Errorf("the server did not start")
	}
	go io.Copy(io.Discard, stdout)
	pr, pw := io.Pipe()
	go func() {
		ls := bufio.NewScanner(stderr)
		ls.Buffer(make([]byte, 64<<10), 1<<20)
		ready := sv.ready
		for ls.Scan() {
			if ready != nil && strings.Contains(ls.Text(), `msg="volumes ready"`) {
				close(ready)
				ready = nil
			}
			pw.Write(append(ls.Bytes(), '\n'))
		}
		pw.Close()
	}()
	go logs(pr)
	return sv, nil
}

// waitReady waits until the server has loaded its corpus.
func (sv *served) waitReady(ctx context.Context) error {
	select {
	case <-sv.ready:
		return nil
	case <-time.After(5 * time.Minute):
		return fmt.Errorf("a node did not load the corpus in 5 minutes")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stop interrupts the server and waits for it to exit.
func (sv *served) stop() {
	sv.once.Do(func() {
		sv.cmd.Process.Signal(os.Interrupt)
		sv.cmd.Wait()
	})
}

// rss is the server's resident set size now, in KB.
func (sv *served) rss() int64 {
	now, _ := procMemory(sv.cmd.Process.Pid)
	return now
}
