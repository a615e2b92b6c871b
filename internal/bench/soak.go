package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// SoakOptions tune the soak: the web benchmark's load for a long while,
// with the volumes ingested again and again.
type SoakOptions struct {
	Binary, DB string
	Duration   time.Duration // of the whole soak
	Workers    int           // concurrent clients
	// Every ReingestEvery, the volumes of ReingestFrom (the directory
	// they were ingested from) are ingested again, each changed by a
	// comment so that it replaces the stored one.
	ReingestEvery time.Duration
	ReingestFrom  string
}

// SoakResult is what the soak measured.
type SoakResult struct {
	Duration               time.Duration
	Quiet, Reingesting     Latency // document pages, away from re-ingests and during them
	Searches               int     // answered
	Shed, ShedDuring       int64   // searches answered 503 (with Retry-After), in all and during re-ingests
	Errors, ErrorsDuring   int64   // any other answer but 200, a failed ingest
	FirstErrors            []string
	Reingests              int
	ReingestTook           time.Duration // the longest
	StartKB, PeakKB, EndKB int64
}

func (r *SoakResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "soak of %s: %d re-ingests completed (the longest %.1fs), %d searches answered\n", r.Duration, r.Reingests, r.ReingestTook.Seconds(), r.Searches)
	fmt.Fprintf(&b, "document pages away from re-ingests: %s\n", r.Quiet)
	fmt.Fprintf(&b, "document pages during re-ingests:    %s\n", r.Reingesting)
	ratio := 0.0
	if r.Quiet.P99 > 0 {
		ratio = float64(r.Reingesting.P99) / float64(r.Quiet.P99)
	}
	fmt.Fprintf(&b, "p99 during / away: %.2f×; errors: %d (%d during re-ingests); searches shed with 503: %d (%d during re-ingests)\n",
		ratio, r.Errors, r.ErrorsDuring, r.Shed, r.ShedDuring)
	fmt.Fprintf(&b, "server RSS: %d MB at start, %d MB at most, %d MB at the end", r.StartKB/1024, r.PeakKB/1024, r.EndKB/1024)
	for _, e := range r.FirstErrors {
		fmt.Fprintf(&b, "\n  failed: %s", e)
	}
	return b.String()
}

// reingestSettle is how long after a re-ingest its effect counts: the
// server reloads what it keeps in memory within 2 s of a change.
const reingestSettle = 5 * time.Second

// Soak starts `chancery serve` as a separate process and loads it for
// o.Duration from o.Workers clients, three requests in four for document
// pages and one for a search page of queries, while a separate
// `chancery ingest` process ingests the volumes again every
// o.ReingestEvery. Document pages are timed as the clients get them,
// apart for those that start during a re-ingest or within reingestSettle
// after it.
func Soak(ctx context.Context, o SoakOptions, docs, queries []string) (*SoakResult, error) {
	files, err := filepath.Glob(filepath.Join(o.ReingestFrom, "*.xml"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no volumes (*.xml) in %s to ingest again", o.ReingestFrom)
	}
	sv, err := startServe(ctx, o.Binary, o.DB, nil, func(r io.Reader) { io.Copy(io.Discard, r) })
	if err != nil {
		return nil, err
	}
	defer sv.stop()
	if err := sv.waitReady(ctx); err != nil {
		return nil, err
	}
	res := &SoakResult{Duration: o.Duration, StartKB: sv.rss()}
	runCtx, stop := context.WithTimeout(ctx, o.Duration)
	defer stop()

	// busyUntil is when the last re-ingest's effect ends (unix
	// nanoseconds); a re-ingest under way sets it far ahead.
	var busyUntil atomic.Int64
	busy := func(t time.Time) bool { return t.UnixNano() < busyUntil.Load() }
	var (
		errMu                              sync.Mutex
		errs, errsDuring, shed, shedDuring atomic.Int64
		failed                             = func(what string, reingesting bool) {
			errs.Add(1)
			if reingesting {
				errsDuring.Add(1)
			}
			errMu.Lock()
			defer errMu.Unlock()
			if len(res.FirstErrors) < 5 {
				res.FirstErrors = append(res.FirstErrors, what)
			}
		}
	)
	var side sync.WaitGroup
	side.Add(1)
	go func() {
		defer side.Done()
		began := time.Now()
		for round := 1; ; round++ {
			// Every o.ReingestEvery from the start; at once when the last
			// one ran over.
			sleep(runCtx, time.Until(began.Add(time.Duration(round)*o.ReingestEvery)))
			if runCtx.Err() != nil {
				return
			}
			busyUntil.Store(time.Now().Add(time.Hour).UnixNano())
			start := time.Now()
			err := reingest(runCtx, o.Binary, o.DB, files, round)
			res.ReingestTook = max(res.ReingestTook, time.Since(start))
			busyUntil.Store(time.Now().Add(reingestSettle).UnixNano())
			switch {
			case runCtx.Err() != nil:
				return
			case err != nil:
				failed("re-ingest: "+err.Error(), true)
			default:
				res.Reingests++
			}
		}
	}()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.Workers, DisableCompression: true}}
	var (
		mu            sync.Mutex
		quiet, during []time.Duration
		searches      atomic.Int64
		wg            sync.WaitGroup
	)
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 23))
			var q, d []time.Duration
			for i := 0; runCtx.Err() == nil; i++ {
				u := sv.base + docs[r.IntN(len(docs))]
				search := i%4 == 3
				if search {
					u = sv.base + "/search?q=" + url.QueryEscape(queries[r.IntN(len(queries))])
				}
				start := time.Now()
				status, err := get(runCtx, client, u)
				took := time.Since(start)
				reingesting := busy(start) || busy(start.Add(took))
				switch {
				case runCtx.Err() != nil:
					continue
				case err != nil:
					failed(u+": "+err.Error(), reingesting)
					continue
				case search && status == http.StatusServiceUnavailable:
					// Shed, as the search pool does under load: not an error.
					shed.Add(1)
					if reingesting {
						shedDuring.Add(1)
					}
					continue
				case status != http.StatusOK:
					failed(fmt.Sprintf("%s: %d", u, status), reingesting)
					continue
				}
				switch {
				case search:
					searches.Add(1)
				case reingesting:
					d = append(d, took)
				default:
					q = append(q, took)
				}
			}
			mu.Lock()
			quiet, during = append(quiet, q...), append(during, d...)
			mu.Unlock()
		}(uint64(w))
	}
	wg.Wait()
	side.Wait()
	// The kernel keeps the peak (VmHWM): nothing needs sampling.
	res.EndKB, res.PeakKB = procMemory(sv.cmd.Process.Pid)
	res.Errors, res.ErrorsDuring, res.Searches = errs.Load(), errsDuring.Load(), int(searches.Load())
	res.Shed, res.ShedDuring = shed.Load(), shedDuring.Load()
	// The share of time each kind of page had, for its rate.
	share := float64(len(during)) / float64(max(len(quiet)+len(during), 1))
	res.Quiet = summarize(quiet, time.Duration(float64(o.Duration)*(1-share)))
	res.Reingesting = summarize(during, time.Duration(float64(o.Duration)*share))
	return res, ctx.Err()
}

// reingest ingests copies of files, each with a comment naming the round
// added at its end, into db with a separate `chancery ingest` process, so
// that every volume is stored anew.
func reingest(ctx context.Context, binary, db string, files []string, round int) error {
	dir, err := os.MkdirTemp("", "chancery-reingest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		b = append(b, fmt.Sprintf("\n<!-- re-ingest %d -->\n", round)...)
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			return err
		}
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, binary, "ingest", "--db", db, "--quiet", dir)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(out.String()))
	}
	return nil
}
