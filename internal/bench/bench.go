// Package bench measures search latency and throughput against a
// baseline in the same run: a plain FTS5 table over the same text, ranked
// by bm25() with snippet(), as a straightforward SQLite search would be.
package bench

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/sqlite"
)

//go:embed queries.txt
var defaultQueries string

// Queries reads a query file: one query a line, # starts a comment. An
// empty path gives the built-in set.
func Queries(path string) ([]string, error) {
	text := defaultQueries
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		text = string(b)
	}
	var qs []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			qs = append(qs, line)
		}
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("no queries in %s", path)
	}
	return qs, nil
}

// Stats summarises latencies.
type Stats struct {
	Name          string
	Cold          *Stats // the first pass, each query run once for the first time
	N             int
	P50, P90, P99 time.Duration
	Max           time.Duration
	QPS           float64 // queries a second with Concurrency workers
	Concurrency   int
	Slowest       string
	Times         []Timing // every query's time, slowest first
}

// Timing is one query's time.
type Timing struct {
	Query string
	Time  time.Duration
}

func (s Stats) String() string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	line := func(name string, s Stats) string {
		out := fmt.Sprintf("%-15s %5d queries  p50 %9s  p90 %9s  p99 %9s  max %9s", name, s.N, ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
		if s.QPS > 0 {
			out += fmt.Sprintf("  %7.0f q/s (%d workers)", s.QPS, s.Concurrency)
		}
		return out + "  slowest: " + s.Slowest
	}
	out := ""
	if s.Cold != nil {
		out = line(s.Name+" (cold)", *s.Cold) + "\n"
	}
	return out + line(s.Name, s)
}

// Options tune a run.
type Options struct {
	Runs        int // timed passes over the queries after one warm-up pass
	Concurrency int // workers for the throughput pass
	// Evict names files to drop from the operating system's page cache
	// (Evict) before the cold pass, once the engine's own data is loaded.
	Evict []string
}

// runner runs one query.
type runner func(ctx context.Context, q string) error

// measure times every query Runs times, one at a time, then all of them
// with Concurrency workers for throughput.
func measure(ctx context.Context, name string, qs []string, o Options, run runner) (Stats, error) {
	// A query outside the set loads what a first search loads (the
	// vocabulary, the documents' metadata).
	if err := run(ctx, "zyzzyva"); err != nil {
		return Stats{}, fmt.Errorf("%s: %w", name, err)
	}
	type sample struct {
		d time.Duration
		q string
	}
	summarise := func(samples []sample) Stats {
		sort.Slice(samples, func(i, j int) bool { return samples[i].d < samples[j].d })
		pct := func(p float64) time.Duration { return samples[int(p*float64(len(samples)-1))].d }
		st := Stats{Name: name, N: len(samples), P50: pct(0.50), P90: pct(0.90), P99: pct(0.99),
			Max: samples[len(samples)-1].d, Slowest: samples[len(samples)-1].q}
		for i := len(samples) - 1; i >= 0; i-- {
			st.Times = append(st.Times, Timing{samples[i].q, samples[i].d})
		}
		return st
	}
	if err := Evict(o.Evict...); err != nil {
		return Stats{}, fmt.Errorf("%s: %w", name, err)
	}
	var cold []sample
	for _, q := range qs { // the cold pass, which also warms up
		start := time.Now()
		if err := run(ctx, q); err != nil {
			return Stats{}, fmt.Errorf("%s: %q: %w", name, q, err)
		}
		cold = append(cold, sample{time.Since(start), q})
	}
	coldStats := summarise(cold)
	var samples []sample
	for r := 0; r < o.Runs; r++ {
		for _, q := range qs {
			start := time.Now()
			if err := run(ctx, q); err != nil {
				return Stats{}, fmt.Errorf("%s: %q: %w", name, q, err)
			}
			samples = append(samples, sample{time.Since(start), q})
		}
	}
	st := summarise(samples)
	st.Cold, st.Concurrency = &coldStats, o.Concurrency

	var next atomic.Int64
	total := int64(len(qs) * o.Runs)
	var wg sync.WaitGroup
	var firstErr atomic.Value
	start := time.Now()
	for w := 0; w < o.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= total {
					return
				}
				if err := run(ctx, qs[int(i)%len(qs)]); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return Stats{}, err
	}
	st.QPS = float64(total) / time.Since(start).Seconds()
	return st, nil
}

// Baseline measures a plain FTS5 table over the same text (title, and
// body with notes), kept in its own file beside the database: the first
// 10 hits by bm25() with snippet(). It builds the table on first use.
func Baseline(ctx context.Context, db *sqlite.DB, qs []string, o Options, log io.Writer) (Stats, error) {
	path := db.Path() + ".baseline"
	base, err := sqlite.OpenRaw(path)
	if err != nil {
		return Stats{}, err
	}
	defer base.Close()
	var n int
	if err := base.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'baseline'").Scan(&n); err != nil {
		return Stats{}, err
	}
	if n == 0 {
		start := time.Now()
		if err := buildBaseline(ctx, base, db); err != nil {
			os.Remove(path)
			return Stats{}, fmt.Errorf("build baseline: %w", err)
		}
		fmt.Fprintf(log, "built the baseline FTS5 table in %s in %.1fs\n", path, time.Since(start).Seconds())
	}
	if err := baselineDocs(ctx, base, db); err != nil {
		return Stats{}, fmt.Errorf("build baseline: %w", err)
	}
	return measure(ctx, "baseline", qs, o, func(ctx context.Context, line string) error {
		text, f, from, to, err := baselineLine(line)
		if err != nil {
			return err
		}
		// The match drives (CROSS JOIN keeps SQLite from driving by the
		// filter and probing the full-text index row by row); each match
		// is then looked up by rowid.
		q := `SELECT baseline.rowid, bm25(baseline), snippet(baseline, 1, '[', ']', '…', 24) FROM baseline`
		where := " WHERE baseline MATCH ?"
		args := []any{plainFTS(text)}
		if f.Volume != "" || !from.IsZero() || !to.IsZero() {
			q += " CROSS JOIN baseline_docs d ON d.rowid = baseline.rowid"
			if f.Volume != "" {
				where, args = where+" AND d.volume = ?", append(args, f.Volume)
			}
			if !from.IsZero() {
				where, args = where+" AND d.date_min >= ?", append(args, from.Unix())
			}
			if !to.IsZero() {
				where, args = where+" AND d.date_max <= ?", append(args, to.Unix())
			}
		}
		q += where
		rows, err := base.QueryContext(ctx, q+" ORDER BY rank LIMIT 10", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				id      int64
				score   float64
				snippet string
			)
			if err := rows.Scan(&id, &score, &snippet); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// baselineDocs copies the documents' volumes and dates (Unix seconds)
// into the baseline's file, for its filters, unless they are there.
func baselineDocs(ctx context.Context, base *sql.DB, db *sqlite.DB) error {
	var n int
	if err := base.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'baseline_docs'").Scan(&n); err != nil || n > 0 {
		return err
	}
	conn, err := base.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, q := range []string{
		"ATTACH DATABASE '" + strings.ReplaceAll(db.Path(), "'", "''") + "' AS chancery",
		"CREATE TABLE baseline_docs (rowid INTEGER PRIMARY KEY, volume TEXT, date_min INTEGER, date_max INTEGER)",
		"INSERT INTO baseline_docs SELECT rowid, volume, strftime('%s', date_min), strftime('%s', date_max) FROM chancery.documents",
		"CREATE INDEX baseline_docs_volume ON baseline_docs(volume)",
		"DETACH DATABASE chancery",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func buildBaseline(ctx context.Context, base *sql.DB, db *sqlite.DB) error {
	if _, err := base.ExecContext(ctx, "CREATE VIRTUAL TABLE baseline USING fts5(title, body)"); err != nil {
		return err
	}
	tx, err := base.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO baseline (rowid, title, body) VALUES (?, ?, ?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	err = db.EachText(ctx, func(row int64, title, text, notes string) error {
		_, err := stmt.ExecContext(ctx, row, title, text+" "+notes)
		return err
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}

// plainFTS turns a benchmark query (words and "phrases") into FTS5 syntax.
func plainFTS(q string) string {
	var parts []string
	for _, t := range benchTerms(q) {
		quoted := make([]string, len(t.words))
		for i, w := range t.words {
			quoted[i] = `"` + w + `"`
		}
		switch {
		case t.near > 0:
			parts = append(parts, "NEAR("+strings.Join(quoted, " ")+", "+strconv.Itoa(t.near)+")")
		case t.phrase:
			parts = append(parts, `"`+strings.Join(t.words, " ")+`"`)
		case t.prefix:
			parts = append(parts, quoted[0]+"*")
		default:
			parts = append(parts, quoted...)
		}
	}
	return strings.Join(parts, " AND ")
}

// benchTerm is a word, a prefix, a phrase or a NEAR group of a benchmark
// query, as the baselines run it.
type benchTerm struct {
	words          []string
	phrase, prefix bool
	near           int // "a b"~N: within N words
}

// benchTerms splits a benchmark query: words (all required), word*
// prefixes, "phrases" and "a b"~N groups.
func benchTerms(q string) []benchTerm {
	var out []benchTerm
	for q = strings.TrimSpace(q); q != ""; q = strings.TrimSpace(q) {
		if q[0] == '"' {
			end := strings.IndexByte(q[1:], '"')
			if end < 0 {
				end = len(q) - 1
			}
			t := benchTerm{words: query.Words(q[1 : end+1]), phrase: true}
			q = q[min(end+2, len(q)):]
			if strings.HasPrefix(q, "~") {
				n, rest, _ := strings.Cut(q[1:], " ")
				t.near, _ = strconv.Atoi(n)
				t.phrase = t.near == 0
				q = rest
			}
			if len(t.words) > 0 {
				out = append(out, t)
			}
			continue
		}
		word, rest, _ := strings.Cut(q, " ")
		words := query.Words(word)
		if strings.HasSuffix(word, "*") && len(words) == 1 {
			out = append(out, benchTerm{words: words, prefix: true})
		} else {
			for _, w := range words {
				out = append(out, benchTerm{words: []string{w}})
			}
		}
		q = rest
	}
	return out
}
