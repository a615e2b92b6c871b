package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/internal/bench"
	"github.com/chancery-frus/chancery/internal/scale"
	"github.com/chancery-frus/chancery/postgres"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/sqlite"
)

func newBenchCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Benchmarks: derive a full-size corpus, measure search and the reader",
		Long: `Bench holds the tools behind docs/performance.md, so that anyone can rerun
its figures on their own machine.`,
	}
	cmd.AddCommand(newBenchCorpusCmd(), newBenchQueriesCmd(), newBenchSearchCmd(), newBenchWebCmd(), newBenchOverloadCmd(), newBenchGraphCmd())
	return cmd
}

func newBenchCorpusCmd() *cobra.Command {
	var (
		from, out string
		documents int
	)
	cmd := &cobra.Command{
		Use:   "corpus --from DIR --out DIR [--documents N]",
		Short: "Derive a FRUS-sized corpus from a few real volumes",
		Long: `Corpus writes enough copies of the volumes in --from to reach --documents
documents (311,000 by default, the size of the whole series). Each copy gets
a new volume id (frus1936v03x07) and the words of each of its documents are
shuffled, so that the term statistics stay those of real FRUS text. The
output depends only on the input volumes and the copy count.`,
		Example: "  chancery bench corpus --from ../shared/corpus/frus --out /tmp/frus-scale",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			files, err := ingest.Files([]string{from})
			if err != nil {
				return err
			}
			// Count the documents of one pass.
			per := 0
			for _, f := range files {
				r := ingestCount(f)
				if r < 0 {
					return fmt.Errorf("%s: cannot read it", f)
				}
				per += r
			}
			if per == 0 {
				return fmt.Errorf("no documents in %s", from)
			}
			copies := (documents + per - 1) / per
			start := time.Now()
			written, err := scale.Corpus(files, out, copies)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d volumes, %d documents (%d copies of %d volumes) to %s in %.1fs\n",
				len(written), copies*per, copies, len(files), out, time.Since(start).Seconds())
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "directory of real TEI volumes")
	cmd.Flags().StringVar(&out, "out", "", "directory to write the derived volumes to")
	cmd.Flags().IntVar(&documents, "documents", 311000, "documents to reach at least")
	cmd.MarkFlagRequired("from")
	cmd.MarkFlagRequired("out")
	return cmd
}

// ingestCount returns the number of documents in a TEI file, or -1.
func ingestCount(file string) int {
	v, err := ingest.DecodeFile(file)
	if err != nil {
		return -1
	}
	return len(v.Documents)
}

func newBenchQueriesCmd() *cobra.Command {
	var (
		from, out string
		seed      uint64
	)
	cmd := &cobra.Command{
		Use:   "queries --from DIR [--out FILE] [--seed N]",
		Short: "Draw a set of 100 search queries from a corpus's own words and phrases",
		Long: `Queries reads the volumes in --from and draws about 100 benchmark queries
from their words and phrases by a fixed rule, the same set for the same
volumes and --seed, written as a query file for bench search --queries
(standard output unless --out). The rule, where N is the number of
documents and a word's df the documents holding it:

` + bench.DrawRule,
		Example: `  chancery bench queries --from ../shared/corpus/frus --out /tmp/drawn.txt
  chancery bench search --queries /tmp/drawn.txt`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			files, err := ingest.Files([]string{from})
			if err != nil {
				return err
			}
			d, err := bench.Draw(cmd.Context(), files, seed)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if out != "" {
				f, err := os.Create(out)
				if err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			if err := d.Write(w, from, seed); err != nil {
				return err
			}
			if out != "" {
				fmt.Fprintf(cmd.ErrOrStderr(), "drew %d queries from %d documents into %s\n", d.Len(), d.Documents, out)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "directory of TEI volumes")
	cmd.Flags().StringVar(&out, "out", "", "file to write the queries to (default: standard output)")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "the draw's seed")
	cmd.MarkFlagRequired("from")
	return cmd
}

func newBenchSearchCmd() *cobra.Command {
	var (
		db, queries   string
		runs, workers int
		slowest       int
		noBaseline    bool
		evict         bool
	)
	cmd := &cobra.Command{
		Use:   "search [--db FILE] [--queries FILE] [--runs N] [--workers N] [--evict]",
		Short: "Measure search latency and throughput against a plain FTS5 baseline",
		Long: `Search times every benchmark query (one warm-up pass, then --runs passes,
one query at a time) and reports p50, p90, p99 and the slowest, then runs
them with --workers at once for queries a second. Chancery's search is
measured as a reader gets it: the first 10 hits with snippets, the total
and every facet count, with the caches of match lists and results off, so
that every pass measures search: "cold" is the first pass, each query run
for the first time in a fresh process, and the timed passes run with the
engine's own data (and the file system's cache) warm. Chancery runs
first, the baseline after it. With --evict (a SQLite file, on Linux) the
files each pass reads are dropped from the operating system's page cache
before its cold pass, so that it reads from the disk, as the first
searches after a reboot do.

The baseline in the same run is, for a SQLite file, a plain FTS5 table over
the same text ranked by bm25() with snippet(), built on first use in
FILE.baseline; for PostgreSQL, stock full-text search (one 'english'
tsvector, GIN, ts_rank_cd, ts_headline over the whole body) in the table
bench_baseline.
The built-in queries (words and phrases, rare to very common) can be
replaced with --queries, one query a line, optionally followed by " | "
and filters — volume=ID, from=DATE, to=DATE — which the baselines apply
too:

  treaty | volume=frus1895Supp
  neutrality | from=1910 to=1919`,
		Example: "  chancery bench search --db chancery.db --runs 5",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			qs, err := bench.Queries(queries)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			o := bench.Options{Runs: runs, Concurrency: workers}
			// Chancery is measured first, so that its cold pass is a fresh
			// process's; the baseline's runs after it.
			run := func(store chancery.Searcher, baseline func(bench.Options) (bench.Stats, error)) error {
				ch, err := bench.Store(cmd.Context(), store, qs, o)
				if err != nil {
					return err
				}
				if !noBaseline {
					if o.Evict != nil {
						o.Evict = append(o.Evict, db+".baseline", db+".baseline-wal")
					}
					base, err := baseline(o)
					if err != nil {
						return err
					}
					fmt.Fprintln(out, base)
				}
				fmt.Fprintln(out, ch)
				printSlowest(out, ch, slowest)
				return nil
			}
			if postgres.IsDSN(db) {
				if evict {
					return errors.New("--evict drops a SQLite file from the page cache; PostgreSQL keeps its own cache (restart the server for a cold one)")
				}
				store, err := postgres.Open(cmd.Context(), db)
				if err != nil {
					return err
				}
				defer store.Close()
				return run(store, func(o bench.Options) (bench.Stats, error) {
					return bench.PostgresBaseline(cmd.Context(), store, qs, o, out)
				})
			}
			if evict {
				o.Evict = []string{db, db + "-wal"}
			}
			// The store is only read (an older schema is refused, never
			// migrated); the baseline is a file of its own.
			if err := sqliteExists(db); err != nil {
				return err
			}
			store, err := sqlite.OpenReadOnly(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer store.Close()
			return run(store, func(o bench.Options) (bench.Stats, error) { return bench.Baseline(cmd.Context(), store, qs, o, out) })
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&queries, "queries", "", "file of queries, one a line (default: the built-in set)")
	cmd.Flags().IntVar(&runs, "runs", 5, "timed passes over the queries")
	cmd.Flags().IntVar(&slowest, "slowest", 0, "list the N slowest queries of the first (cold) pass")
	cmd.Flags().BoolVar(&noBaseline, "no-baseline", false, "measure Chancery only, without the baseline")
	cmd.Flags().BoolVar(&evict, "evict", false, "drop the database's files from the operating system's page cache before each cold pass (SQLite, Linux)")
	cmd.Flags().IntVar(&workers, "workers", runtime.GOMAXPROCS(0), "concurrent workers for the throughput pass")
	return cmd
}

// printSlowest lists the n slowest queries of the cold pass.
func printSlowest(w io.Writer, st bench.Stats, n int) {
	if n <= 0 || st.Cold == nil {
		return
	}
	fmt.Fprintf(w, "slowest of the cold pass:\n")
	for i, t := range st.Cold.Times {
		if i == n {
			break
		}
		fmt.Fprintf(w, "  %9.2f ms  %s\n", float64(t.Time.Microseconds())/1000, t.Query)
	}
}

func newBenchWebCmd() *cobra.Command {
	var (
		db, reingestFrom string
		duration         time.Duration
		reingestEvery    time.Duration
		workers          int
		nodes            int
	)
	cmd := &cobra.Command{
		Use:   "web [--db FILE] [--duration D] [--workers N]",
		Short: "Measure the reader under load: document and search pages, server time, memory",
		Long: `Web starts chancery serve on loopback as a separate process and loads it, for
--duration each, with requests for random document pages of the database,
then for search pages of the benchmark queries, from --workers clients at
once, starting when every server has logged that its corpus is in memory.
It reports the server's own time per page (from its access log), pages a
second, errors (with what the first few got), and the server's resident
memory.

With --reingest-every, it is a soak instead: for --duration, the clients
ask for document pages (three requests in four) and search pages, while
every --reingest-every a separate chancery ingest stores the volumes of
--reingest-from again (each copy changed by a comment at its end, so that
it replaces the stored volume). It reports the errors (any answer but 200,
a failed ingest), the document pages' time as the clients get it (p50, p99)
away from re-ingests and during them (from an ingest's start to 5 s after
its end, while the server reloads), and the server's resident memory at
start, at most and at the end.`,
		Example: `  chancery bench web --db chancery.db --duration 10s
  chancery bench web --db frus.db --duration 10m --reingest-every 1m --reingest-from ../shared/corpus/frus`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			docs, _, err := benchDocuments(cmd.Context(), db)
			if err != nil {
				return err
			}
			qs, err := bench.Queries("")
			if err != nil {
				return err
			}
			self, err := os.Executable()
			if err != nil {
				return err
			}
			if reingestEvery > 0 {
				if reingestFrom == "" {
					return fmt.Errorf("--reingest-every needs --reingest-from, the directory the volumes were ingested from")
				}
				res, err := bench.Soak(cmd.Context(), bench.SoakOptions{Binary: self, DB: db, Duration: duration, Workers: workers,
					ReingestEvery: reingestEvery, ReingestFrom: reingestFrom}, docs, qs)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), res)
				return nil
			}
			res, err := bench.Web(cmd.Context(), bench.WebOptions{Binary: self, DB: db, Duration: duration, Workers: workers, Nodes: nodes}, docs, qs)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), res)
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().DurationVar(&duration, "duration", 10*time.Second, "length of each load phase")
	cmd.Flags().IntVar(&workers, "workers", 8, "concurrent clients")
	cmd.Flags().IntVar(&nodes, "nodes", 1, "servers to start over the database, requests spread among them (PostgreSQL)")
	cmd.Flags().DurationVar(&reingestEvery, "reingest-every", 0, "soak: ingest the volumes of --reingest-from again this often, for --duration in all")
	cmd.Flags().StringVar(&reingestFrom, "reingest-from", "", "soak: the directory of the volumes to ingest again")
	return cmd
}

// benchDocuments lists the addresses of a database's document pages, and
// the words of their titles, most frequent first.
func benchDocuments(ctx context.Context, db string) (docs, words []string, err error) {
	store, err := openStore(ctx, db, readExisting)
	if err != nil {
		return nil, nil, err
	}
	defer store.Close()
	vols, err := store.Volumes(ctx)
	if err != nil {
		return nil, nil, err
	}
	freq := map[string]int{}
	for _, v := range vols {
		ds, err := store.Documents(ctx, v.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range ds {
			docs = append(docs, "/historicaldocuments/"+v.ID+"/"+d.ID)
			for _, w := range query.Words(d.Title) {
				if len(w) >= 5 {
					freq[w]++
				}
			}
		}
	}
	if len(docs) == 0 {
		return nil, nil, fmt.Errorf("no documents in %s", db)
	}
	for w := range freq {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if freq[words[i]] != freq[words[j]] {
			return freq[words[i]] > freq[words[j]]
		}
		return words[i] < words[j]
	})
	return docs, words, nil
}

func newBenchOverloadCmd() *cobra.Command {
	var (
		db, memLimit, serveFlags string
		o                        bench.OverloadOptions
	)
	cmd := &cobra.Command{
		Use:   "overload [--db FILE] [--duration D]",
		Short: "Measure document pages while slow connections and costly searches load the server",
		Long: `Overload starts chancery serve on loopback as a separate process (with
--serve-flags, if given) and measures, from --fast clients fetching random
document pages for --duration, the pages' time as the clients get it (p50,
p99), first alone, then while --slow connections each send a request's
header a byte every --slow-every (slowloris) and --searchers clients run
costly searches (eight one-letter prefixes, all required, drawn at random,
on the search page and the API; a search turned away asks again after
0.1 s). It reports both p99s and their ratio, the fast clients' failures
(any answer but 200), the searches' answers by status (503: shed), and the
server's resident memory.

Then, on a server started anew with --memory-limit, --memory-searches
distinct API searches of 1000 hits each (two frequent words of the titles,
either of them) from --memory-clients clients, reporting the server's
resident memory at start, at most and at the end (0 skips this).`,
		Example: "  chancery bench overload --db chancery.db --duration 30s",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			docs, words, err := benchDocuments(cmd.Context(), db)
			if err != nil {
				return err
			}
			if o.MemoryLimitBytes, err = parseBytes(memLimit); err != nil {
				return fmt.Errorf("--memory-limit %q: %w", memLimit, err)
			}
			self, err := os.Executable()
			if err != nil {
				return err
			}
			o.Binary, o.DB, o.MemoryLimit, o.Serve = self, db, memLimit, strings.Fields(serveFlags)
			res, err := bench.Overload(cmd.Context(), o, docs, words)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), res)
			return nil
		},
	}
	dbFlag(cmd, &db)
	fl := cmd.Flags()
	fl.DurationVar(&o.Duration, "duration", 30*time.Second, "length of each measured phase")
	fl.IntVar(&o.Fast, "fast", 16, "clients fetching document pages")
	fl.IntVar(&o.Slow, "slow", 200, "slow connections (slowloris)")
	fl.DurationVar(&o.SlowEvery, "slow-every", 3*time.Second, "how often a slow connection sends a byte")
	fl.IntVar(&o.Searchers, "searchers", 6, "clients running costly searches")
	fl.StringVar(&serveFlags, "serve-flags", "", `further flags for chancery serve, such as "--max-searches 2"`)
	fl.IntVar(&o.MemorySearches, "memory-searches", 3000, "distinct searches of 1000 hits for the memory phase (0: none)")
	fl.IntVar(&o.MemoryClients, "memory-clients", 2, "clients of the memory phase")
	fl.StringVar(&memLimit, "memory-limit", "1GiB", "serve's --memory-limit in the memory phase")
	return cmd
}
