package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// OverloadOptions tune the overload benchmark.
type OverloadOptions struct {
	Binary    string        // the chancery binary that serves
	DB        string        // its database
	Serve     []string      // further flags of chancery serve
	Duration  time.Duration // of each phase
	Fast      int           // clients fetching document pages
	Slow      int           // slow connections, each sending a header byte every SlowEvery
	SlowEvery time.Duration
	Searchers int // clients running costly searches
	// The memory phase: MemorySearches distinct searches of a thousand
	// hits each from MemoryClients clients, against a server started anew
	// with --memory-limit MemoryLimit.
	MemorySearches, MemoryClients int
	MemoryLimit                   string // as serve's --memory-limit takes it
	MemoryLimitBytes              int64  // the same, in bytes
}

// Latency summarises the fast clients' requests of one phase.
type Latency struct {
	N        int
	P50, P99 time.Duration
	PerSec   float64
}

func (l Latency) String() string {
	return fmt.Sprintf("p50 %s, p99 %s (%d requests, %.0f a second)", ms(l.P50), ms(l.P99), l.N, l.PerSec)
}

// OverloadResult is what the overload benchmark measured.
type OverloadResult struct {
	Unloaded, Loaded Latency
	FastFailures     int64
	FirstFailures    []string
	Searches         map[string]int64 // the costly searches' answers: "200", "503", "429", …, "error"
	SlowOpened       int64            // slow connections opened (each is cut by the server's header timeout, then opened again)
	SlowPeak         int64            // slow connections open at once, at most
	LoadedRSSKB      int64            // the server's RSS at the end of the loaded phase
	PeakRSSKB        int64            // its peak
	Memory           *MemoryResult
}

// MemoryResult is what the memory phase measured.
type MemoryResult struct {
	Searches               int
	Answers                map[string]int64
	StartKB, PeakKB, EndKB int64
	LimitBytes             int64
	Took                   time.Duration
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func (r *OverloadResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fast clients, unloaded: %s\n", r.Unloaded)
	fmt.Fprintf(&b, "fast clients, loaded:   %s\n", r.Loaded)
	ratio := 0.0
	if r.Unloaded.P99 > 0 {
		ratio = float64(r.Loaded.P99) / float64(r.Unloaded.P99)
	}
	fmt.Fprintf(&b, "p99 loaded / unloaded: %.2f×; fast failures: %d\n", ratio, r.FastFailures)
	fmt.Fprintf(&b, "costly searches: %s\n", answers(r.Searches))
	fmt.Fprintf(&b, "slow connections: %d at once at most, %d opened in all\n", r.SlowPeak, r.SlowOpened)
	fmt.Fprintf(&b, "server RSS: %d MB after the loaded phase, %d MB at most", r.LoadedRSSKB/1024, r.PeakRSSKB/1024)
	for _, f := range r.FirstFailures {
		fmt.Fprintf(&b, "\n  failed: %s", f)
	}
	if m := r.Memory; m != nil {
		fmt.Fprintf(&b, "\nmemory: %d distinct searches of 1000 hits in %.0fs (%s); RSS %d MB at start, %d MB at most, %d MB at the end; limit %d MB",
			m.Searches, m.Took.Seconds(), answers(m.Answers), m.StartKB/1024, m.PeakKB/1024, m.EndKB/1024, m.LimitBytes>>20)
	}
	return b.String()
}

// answers lists counts of answers by status.
func answers(m map[string]int64) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s: %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// counter counts answers by status, safely from many goroutines.
type counter struct {
	mu sync.Mutex
	m  map[string]int64
}

func (c *counter) add(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]int64{}
	}
	c.m[k]++
}

func (c *counter) counts() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.m)
}

// CostlyQuery is a search that reads much of the index: eight prefixes of
// one letter, all required, drawn at random so that no two are alike and
// no cache answers them (about 0.5 s each on the 20-volume corpus).
func CostlyQuery(r *rand.Rand) string {
	letters := []byte("abcdefghilmnoprstuw")
	r.Shuffle(len(letters), func(i, j int) { letters[i], letters[j] = letters[j], letters[i] })
	parts := make([]string, 8)
	for i := range parts {
		parts[i] = string(letters[i]) + "*"
	}
	return strings.Join(parts, " ")
}

// Overload starts `chancery serve` as a separate process and measures
// the fast clients' document pages alone, then again while slow
// connections trickle headers and clients run costly searches; then, on
// a server started anew under a memory limit, distinct searches of a
// thousand hits each. docs are document addresses, words frequent words
// of the corpus for the memory phase's searches.
func Overload(ctx context.Context, o OverloadOptions, docs, words []string) (*OverloadResult, error) {
	sv, err := startServe(ctx, o.Binary, o.DB, o.Serve, func(r io.Reader) { io.Copy(io.Discard, r) })
	if err != nil {
		return nil, err
	}
	defer sv.stop()
	if err := sv.waitReady(ctx); err != nil {
		return nil, err
	}
	res := &OverloadResult{}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.Fast + o.Searchers, DisableCompression: true}}
	var failMu sync.Mutex
	var fails atomic.Int64
	failed := func(what string) {
		fails.Add(1)
		failMu.Lock()
		defer failMu.Unlock()
		if len(res.FirstFailures) < 5 {
			res.FirstFailures = append(res.FirstFailures, what)
		}
	}
	// fast fetches random document pages from o.Fast clients for d.
	fast := func(d time.Duration) Latency {
		var (
			mu    sync.Mutex
			times []time.Duration
			wg    sync.WaitGroup
		)
		deadline := time.Now().Add(d)
		for w := 0; w < o.Fast; w++ {
			wg.Add(1)
			go func(seed uint64) {
				defer wg.Done()
				r := rand.New(rand.NewPCG(seed, 11))
				var mine []time.Duration
				for time.Now().Before(deadline) && ctx.Err() == nil {
					u := sv.base + docs[r.IntN(len(docs))]
					start := time.Now()
					status, err := get(ctx, client, u)
					took := time.Since(start)
					switch {
					case ctx.Err() != nil:
					case err != nil:
						failed(u + ": " + err.Error())
					case status != http.StatusOK:
						failed(fmt.Sprintf("%s: %d", u, status))
					default:
						mine = append(mine, took)
					}
				}
				mu.Lock()
				times = append(times, mine...)
				mu.Unlock()
			}(uint64(w))
		}
		wg.Wait()
		return summarize(times, d)
	}
	// Warm the pages' volumes, then measure unloaded.
	fast(o.Duration / 4)
	fails.Store(0)
	res.FirstFailures = nil
	res.Unloaded = fast(o.Duration)
	unloadedFails := fails.Load()

	loadCtx, stopLoad := context.WithCancel(ctx)
	var load sync.WaitGroup
	var searches counter
	var slowOpen, slowOpened, slowPeak atomic.Int64
	for i := 0; i < o.Slow; i++ {
		load.Add(1)
		go func() {
			defer load.Done()
			slowloris(loadCtx, strings.TrimPrefix(sv.base, "http://"), o.SlowEvery, &slowOpened, &slowOpen, &slowPeak)
		}()
	}
	for i := 0; i < o.Searchers; i++ {
		load.Add(1)
		go func(seed uint64) {
			defer load.Done()
			r := rand.New(rand.NewPCG(seed, 13))
			for loadCtx.Err() == nil {
				path := "/api/v1/search?q="
				if r.IntN(2) == 0 {
					path = "/search?q="
				}
				status, err := get(loadCtx, client, sv.base+path+url.QueryEscape(CostlyQuery(r)))
				switch {
				case loadCtx.Err() != nil:
				case err != nil:
					searches.add("error")
				default:
					searches.add(fmt.Sprint(status))
				}
				if status != http.StatusOK {
					// A client turned away asks again soon.
					sleep(loadCtx, 100*time.Millisecond)
				}
			}
		}(uint64(100 + i))
	}
	// Let the load build up: the slow connections open, the pools fill.
	sleep(ctx, 3*time.Second)
	res.Loaded = fast(o.Duration)
	res.LoadedRSSKB = sv.rss()
	stopLoad()
	load.Wait()
	res.Searches = searches.counts()
	res.SlowOpened, res.SlowPeak = slowOpened.Load(), slowPeak.Load()
	res.FastFailures = unloadedFails + fails.Load()
	_, res.PeakRSSKB = procMemory(sv.cmd.Process.Pid)
	sv.stop()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if o.MemorySearches > 0 {
		m, err := memoryPhase(ctx, o, words)
		if err != nil {
			return nil, err
		}
		res.Memory = m
	}
	return res, nil
}

// get fetches u and reads its body, returning the status.
func get(ctx context.Context, client *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// slowloris holds a connection that sends a request's header a byte at
// a time, every, opening another when the server cuts it, until ctx ends.
func slowloris(ctx context.Context, addr string, every time.Duration, opened, open, peak *atomic.Int64) {
	header := []byte("GET /historicaldocuments HTTP/1.1\r\nHost: " + addr + "\r\nX-Slow: " + strings.Repeat("a", 4096))
	for ctx.Err() == nil {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			sleep(ctx, every)
			continue
		}
		opened.Add(1)
		n := open.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		stop := context.AfterFunc(ctx, func() { c.Close() })
		for i := 0; i < len(header) && ctx.Err() == nil; i++ {
			c.SetWriteDeadline(time.Now().Add(every))
			if _, err := c.Write(header[i : i+1]); err != nil {
				break
			}
			// A server that gave up on the header answers or closes.
			c.SetReadDeadline(time.Now().Add(every))
			var buf [1]byte
			if _, err := c.Read(buf[:]); err == nil || !isTimeout(err) {
				break
			}
		}
		stop()
		c.Close()
		open.Add(-1)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// summarize gives the percentiles of a phase's request times.
func summarize(times []time.Duration, d time.Duration) Latency {
	if len(times) == 0 {
		return Latency{}
	}
	slices.Sort(times)
	at := func(p float64) time.Duration { return times[int(p*float64(len(times)-1))] }
	return Latency{N: len(times), P50: at(.5), P99: at(.99), PerSec: float64(len(times)) / d.Seconds()}
}

// memoryPhase starts a server under o.MemoryLimit and runs
// o.MemorySearches distinct API searches of 1000 hits each (pairs of
// frequent words, either of them), reading the server's RSS before and
// after, and its peak as the kernel keeps it (VmHWM).
func memoryPhase(ctx context.Context, o OverloadOptions, words []string) (*MemoryResult, error) {
	var queries []string
	for i := 0; i < len(words) && len(queries) < o.MemorySearches; i++ {
		for j := i + 1; j < len(words) && len(queries) < o.MemorySearches; j++ {
			queries = append(queries, words[i]+" OR "+words[j])
		}
	}
	r := rand.New(rand.NewPCG(17, 19))
	r.Shuffle(len(queries), func(i, j int) { queries[i], queries[j] = queries[j], queries[i] })
	sv, err := startServe(ctx, o.Binary, o.DB, append(slices.Clone(o.Serve), "--memory-limit", o.MemoryLimit),
		func(r io.Reader) { io.Copy(io.Discard, r) })
	if err != nil {
		return nil, err
	}
	defer sv.stop()
	if err := sv.waitReady(ctx); err != nil {
		return nil, err
	}
	m := &MemoryResult{Searches: len(queries), LimitBytes: o.MemoryLimitBytes, StartKB: sv.rss()}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.MemoryClients, DisableCompression: true}}
	var (
		next    atomic.Int64
		answers counter
		wg      sync.WaitGroup
	)
	start := time.Now()
	for c := 0; c < max(o.MemoryClients, 1); c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(queries) {
					return
				}
				u := sv.base + "/api/v1/search?per-page=1000&q=" + url.QueryEscape(queries[i])
				for {
					status, err := get(ctx, client, u)
					if err != nil {
						answers.add("error")
						break
					}
					answers.add(fmt.Sprint(status))
					if status != http.StatusServiceUnavailable {
						break
					}
					sleep(ctx, 100*time.Millisecond) // turned away: ask again
				}
			}
		}()
	}
	wg.Wait()
	m.Took = time.Since(start)
	// A server of its own: the kernel's peak (VmHWM) is this phase's.
	m.EndKB, m.PeakKB = procMemory(sv.cmd.Process.Pid)
	m.Answers = answers.counts()
	return m, ctx.Err()
}
