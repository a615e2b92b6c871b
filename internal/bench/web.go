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
	collect := func(stderr io.Reader, done, ready chan struct{}) {
		defer close(done)
		ls := bufio.NewScanner(stderr)
		ls.Buffer(make([]byte, 64<<10), 1<<20)
		for ls.Scan() {
			if ready != nil && strings.Contains(ls.Text(), `msg="volumes ready"`) {
				close(ready)
				ready = nil
			}
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
	var (
		cmds    []*exec.Cmd
		bases   []string
		dones   []chan struct{}
		readies []chan struct{}
	)
	defer func() {
		for _, c := range cmds {
			c.Process.Signal(os.Interrupt)
			c.Wait()
		}
	}()
	for i := 0; i < nodes; i++ {
		cmd := exec.CommandContext(ctx, o.Binary, "serve", "--db", o.DB, "--addr", "127.0.0.1:0", "--starter", "none")
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
		cmds = append(cmds, cmd)
		base := ""
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingRE.FindStringSubmatch(sc.Text()); m != nil {
				base = m[1]
				break
			}
		}
		if base == "" {
			return nil, fmt.Errorf("the server did not start")
		}
		go io.Copy(io.Discard, stdout)
		done, ready := make(chan struct{}), make(chan struct{})
		go collect(stderr, done, ready)
		bases = append(bases, base)
		dones = append(dones, done)
		readies = append(readies, ready)
	}
	// Measure nodes as they serve once started: with the search index and
	// the volumes loaded (see web.Server.KeepWarm).
	for _, ready := range readies {
		select {
		case <-ready:
		case <-time.After(5 * time.Minute):
			return nil, fmt.Errorf("a node did not load the corpus in 5 minutes")
		case <-ctx.Done():
			return nil, ctx.Err()
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
	for _, c := range cmds {
		rss, peak := procMemory(c.Process.Pid)
		res.RSSKB, res.PeakRSSKB = max(res.RSSKB, rss), max(res.PeakRSSKB, peak)
	}
	for _, c := range cmds {
		c.Process.Signal(os.Interrupt)
		c.Wait()
	}
	cmds = nil
	for _, d := range dones {
		<-d
	}
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
