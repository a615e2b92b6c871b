package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/fetch"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/internal/counts"
	"github.com/chancery-frus/chancery/postgres"
	"github.com/chancery-frus/chancery/web"
)

// starterSet is what `chancery serve` fetches into an empty database: the
// Soviet Union volume of 1961–1963 (with the seed document, d253), the
// Kennedy–Khrushchev exchanges, and Korea 1969–1972.
var starterSet = []string{"frus1961-63v05", "frus1961-63v06", "frus1969-76v19p1"}

func newServeCmd() *cobra.Command {
	var (
		db, addr, source, dir, replica, memLimit, idsFile string
		readOnlyDB                                        bool
		starter                                           []string
		lim                                               limitFlags
	)
	cmd := &cobra.Command{
		Use:   "serve [--db FILE] [--addr HOST:PORT]",
		Short: "Serve the reader, search, citations and the JSON API over HTTP",
		Long: `Serve answers HTTP requests for the stored volumes: the reader at
history.state.gov's addresses (docs/reader.md) and the JSON API.

  GET /                                      what is here, a search box
  GET /historicaldocuments[/{vol}[/{id}]]    volumes, tables of contents, documents
  GET /search                                the search page
  GET /resolve                               find a cited document (a box to paste a citation in)
  GET /api/v1/openapi.json                   the JSON API's description
  GET /api/v1/search   full-text search, with history.state.gov's parameters
                       q, volume-id, start-date, end-date, sort-by (relevance,
                       date-asc, date-desc), start (from 1), per-page; and
                       type, kind (historical, editorial), facets=false
  GET /api/v1/resolve  the documents a citation means (cite=…)
  GET /healthz         200 when the store answers a document and a search, else 503

On an empty database, serve first fetches a starter set of volumes
(` + "frus1961-63v05, frus1961-63v06, frus1969-76v19p1" + `) from the publisher's
public repository, or from --source (a mirror URL or a local directory), and
ingests them; --starter names other volumes, or "all" with a local --source
directory to ingest every volume in it. --starter none skips this. When the
starter set cannot be fetched (offline, say), serve stops and says so: start
again with --source DIR --starter all for a directory of volumes you have,
or with --starter none.

With --read-only, serve opens the database without ever writing it: no
schema migration, no first run, nothing created (a SQLite file must exist;
one on a read-only file system, or that this user may not write, is served
as it is). A database whose schema is older than this chancery is refused,
saying to run chancery migrate --db once with write access (docs/deploy.md,
Read-only deployments).

With --volume-ids, citations are read against a list of the series' volume
ids, one a line (the publisher's frus-volume-ids.txt): those pasted into
/resolve, those the link report and the citation graph's API classify (a
citation of a volume the series lacks is broken, not "not held"), and those
of the starter volumes ingested from a local --source; without it a volume
not stored here is named by the usual spelling of its id.

Requests are logged to standard error. At start, and within 2 s of any
change to the corpus (through this node or another), serve loads what
searches keep in memory and every volume's outline, logging "search ready"
and "volumes ready". Interrupt (Ctrl-C) or SIGTERM stops the server after
the requests under way finish (at most 10 s), logging "shutting down" and
then "stopped" with how long the draining took; a second signal stops it at
once.

Under load, costly requests run a few at a time, each kind in a pool of its
own: --max-searches searches (the search page with a query, the search API)
and --max-renders exports and division pages that read a whole volume. By default each takes half the cores, at least 1; searches at
most half the store's connections (SQLite's 4, PostgreSQL's 8), renders a
quarter, so that a document page always finds a connection. A request that
finds its pool full waits, in a queue of 8 for each slot, for at most
--queue-wait (5s); when the queue is full or the wait runs out, it gets 503
with Retry-After. Document and volume pages, the API's document and volume
endpoints, static files and /healthz never wait behind them. --api-rate limits the
requests a second each client address (an IPv6 one by its /64) makes of the
API, with bursts of --api-burst, answering 429 with Retry-After past that;
it is off by default. Behind a reverse proxy every request comes from the
proxy's address: limit rates in the proxy instead. --max-connections bounds
the open connections (1024); past it, new ones wait in the kernel's backlog
until one closes. A request's header must arrive within 10 s, its body
within 30 s, and an idle connection closes after 2 min, so slow clients
hold connections for a bounded time.

The server keeps its memory under --memory-limit (1 GiB unless told; a
full-scale node needs some 600 MB), collecting garbage harder as it comes
near; $GOMEMLIMIT, when set, takes precedence. Its caches have budgets of
their own (docs/deploy.md).

Every answer carries a Content-Security-Policy and other security headers;
static files at the versioned addresses the pages link are cached for a
year; methods other than GET and HEAD get 405 (docs/reader.md, Operating).`,
		Example: `  chancery serve --addr 127.0.0.1:8080
  curl 'http://127.0.0.1:8080/api/v1/search?q="test+ban"&start-date=1962'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			known, err := readVolumeIDs(idsFile)
			if err != nil {
				return err
			}
			var store chancery.Store
			switch {
			case readOnlyDB && replica != "":
				return fmt.Errorf("--read-only and --db-replica: a read-only node reads one database; name the replica as --db")
			case readOnlyDB:
				store, err = openStore(cmd.Context(), db, readOnly)
			case replica != "":
				if !postgres.IsDSN(db) || !postgres.IsDSN(replica) {
					return fmt.Errorf("--db-replica takes a PostgreSQL connection string, with --db one too")
				}
				store, err = postgres.OpenWithReplica(cmd.Context(), db, replica)
			default:
				store, err = openStore(cmd.Context(), db, createIfMissing)
			}
			if err != nil {
				return err
			}
			defer store.Close()
			if readOnlyDB {
				if err := readOnlyStart(cmd, store, db); err != nil {
					return err
				}
			} else if err := firstRun(cmd, store, source, dir, db, starter, known); err != nil {
				return err
			}
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
			if err := setMemoryLimit(memLimit, log); err != nil {
				return err
			}
			limits, err := lim.limits(storeConnections(store))
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return err
			}
			ln = web.LimitListener(ln, lim.connections)
			fmt.Fprintf(cmd.OutOrStdout(), "serving %s on http://%s/\n", db, ln.Addr())
			srv, err := web.NewWithLimits(store, log, limits)
			if err != nil {
				return err
			}
			if known != nil {
				srv.SetVolumeIDs(known)
			}
			log.Info("limits", "max_connections", lim.connections, "max_searches", limits.Searches, "max_renders", limits.Renders,
				"queue_wait", limits.QueueWait.String(), "api_rate", limits.APIRate, "api_burst", limits.APIBurst)
			go srv.KeepWarm(cmd.Context(), 2*time.Second)
			return serve(cmd.Context(), ln, srv, log)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&idsFile, "volume-ids", "", "a list of the series' volume ids, one a line (frus-volume-ids.txt), that citations are read against (/resolve, the link report, the starter ingest)")
	cmd.Flags().StringVar(&memLimit, "memory-limit", "1GiB", "the memory the server keeps itself under (Go's soft limit: 512MiB, 2GiB; 0 for none); $GOMEMLIMIT, when set, takes precedence")
	cmd.Flags().StringVar(&replica, "db-replica", os.Getenv("CHANCERY_DB_REPLICA"), "a PostgreSQL read replica that reads go to (default from $CHANCERY_DB_REPLICA)")
	cmd.Flags().StringVar(&source, "source", "", "where an empty database's starter volumes come from: a mirror URL or a local directory (default: the publisher's public repository)")
	cmd.Flags().StringVar(&dir, "dir", "", "data directory for fetched volumes (default: volumes/ beside the database)")
	cmd.Flags().StringSliceVar(&starter, "starter", starterSet, `volumes to fetch into an empty database; "all" takes every volume of a local --source; "none" skips`)
	cmd.Flags().BoolVar(&readOnlyDB, "read-only", false, "never write the database: no migration, no first run; for a read-only file system or a node that only reads")
	lim.register(cmd)
	return cmd
}

// readOnlyStart says what a read-only server serves: it fetches nothing,
// so an empty database stays empty until another process stores volumes.
func readOnlyStart(cmd *cobra.Command, store chancery.Store, db string) error {
	vols, err := store.Volumes(cmd.Context())
	if err != nil {
		return err
	}
	if len(vols) == 0 {
		fmt.Fprintf(cmd.OutOrStdout(), "The database %s holds no volumes; serving it read-only, it shows none until volumes are stored in it (chancery ingest, with write access).\n", db)
	}
	return nil
}

// limitFlags are serve's bounds on load (web.Limits, web.LimitListener).
type limitFlags struct {
	connections, searches, renders, burst int
	queueWait                             time.Duration
	rate                                  float64
}

func (f *limitFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.IntVar(&f.connections, "max-connections", 1024, "open connections at most; more wait in the kernel's backlog (0: no bound)")
	fl.IntVar(&f.searches, "max-searches", 0, "searches run at once (default: half the cores, at most half the store's connections; -1: no bound)")
	fl.IntVar(&f.renders, "max-renders", 0, "exports and whole-volume division pages rendered at once (default: half the cores, at most a quarter of the store's connections; -1: no bound)")
	fl.DurationVar(&f.queueWait, "queue-wait", web.DefaultLimits(0).QueueWait, "how long a search or render waits for its turn before it gets 503")
	fl.Float64Var(&f.rate, "api-rate", 0, "API requests a second each client address may make, past which it gets 429 (0: no limit)")
	fl.IntVar(&f.burst, "api-burst", web.DefaultLimits(0).APIBurst, "API requests a client may make at once within --api-rate")
}

// storeConnections is how many connections a store's pool holds, as the
// store says (sqlite.DB, postgres.DB), else 4.
func storeConnections(store chancery.Store) int {
	if c, ok := store.(interface{ Connections() int }); ok {
		return c.Connections()
	}
	return 4
}

// limits returns the limits the flags set, with the defaults for a store
// whose pool holds conns connections where they are left at 0.
func (f *limitFlags) limits(conns int) (web.Limits, error) {
	if f.queueWait <= 0 {
		return web.Limits{}, fmt.Errorf("--queue-wait %s: give a duration above 0", f.queueWait)
	}
	if f.rate < 0 || f.burst < 1 {
		return web.Limits{}, fmt.Errorf("--api-rate %g, --api-burst %d: give a rate of 0 or more, a burst of 1 or more", f.rate, f.burst)
	}
	l := web.DefaultLimits(conns)
	pick := func(flag int, def *int) {
		switch {
		case flag < 0:
			*def = 0
		case flag > 0:
			*def = flag
		}
	}
	pick(f.searches, &l.Searches)
	pick(f.renders, &l.Renders)
	l.QueueWait, l.APIRate, l.APIBurst = f.queueWait, f.rate, f.burst
	return l, nil
}

// firstRun fills an empty database with the starter volumes, so that a
// newcomer's first `chancery serve` shows a working reader.
func firstRun(cmd *cobra.Command, store chancery.Store, source, dir, db string, starter []string, known func(string) bool) error {
	vols, err := store.Volumes(cmd.Context())
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	marker := firstRunMarker(db)
	_, statErr := os.Stat(marker)
	resuming := marker != "" && statErr == nil
	skip := len(starter) == 0 || (len(starter) == 1 && starter[0] == "none")
	switch {
	case resuming && skip:
		// Told to start without a first run: the interrupted one is dropped.
		fmt.Fprintf(out, "The first run into %s was interrupted (%s stored); starting with what is there.\n", db, counts.Of(len(vols), "volume", "volumes"))
		return os.Remove(marker)
	case resuming:
		fmt.Fprintf(out, "The first run into %s was interrupted (%s stored): resuming it.\n", db, counts.Of(len(vols), "volume", "volumes"))
	case len(vols) > 0 || skip:
		return nil
	}
	if marker != "" {
		// Left behind until the first run completes, so that a run cut off
		// midway is resumed at the next start.
		if err := os.WriteFile(marker, []byte("the first run of chancery serve into "+db+" has not completed\n"), 0o644); err != nil {
			return fmt.Errorf("first run: %w", err)
		}
	}
	if err := fillStarter(cmd, store, source, dir, db, starter, resuming, known); err != nil {
		return err
	}
	if marker != "" {
		return os.Remove(marker)
	}
	return nil
}

// firstRunMarker names the file that marks a SQLite database's first run
// as under way ("" for PostgreSQL, whose ingests are transactions of
// their own and whose first runs are not resumed).
func firstRunMarker(db string) string {
	if postgres.IsDSN(db) {
		return ""
	}
	return db + ".first-run"
}

// fillStarter stores the starter volumes: every volume of a local source
// (--starter all), or the named ones, fetched. Volumes stored already are
// skipped, so that an interrupted first run resumes where it stopped.
func fillStarter(cmd *cobra.Command, store chancery.Store, source, dir, db string, starter []string, resuming bool, known func(string) bool) error {
	out := cmd.OutOrStdout()
	lead := "The database " + db + " is empty: "
	if resuming {
		lead = ""
	}
	if len(starter) == 1 && starter[0] == "all" {
		if source == "" || fetch.IsURL(source) {
			return fmt.Errorf(`--starter all needs --source to name a local directory of volumes`)
		}
		fmt.Fprintf(out, "%singesting the volumes in %s.\n", lead, source)
		files, err := ingest.Files([]string{source})
		if err != nil {
			return err
		}
		return runIngest(cmd.Context(), store, files, ingestOptions{out: out, errOut: cmd.ErrOrStderr(), known: known})
	}
	if dir == "" {
		dir = filepath.Join(filepath.Dir(db), "volumes")
	}
	from := source
	if from == "" {
		from = fetch.DefaultSource
	}
	fmt.Fprintf(out, "%sfetching %d starter volumes from %s.\n", lead, len(starter), from)
	if err := getVolumes(cmd, store, source, dir, starter, false); err != nil {
		if cmd.Context().Err() != nil {
			return err
		}
		return &exitError{code: 1, msg: firstRunHelp(db, from, err)}
	}
	return nil
}

// firstRunHelp explains a failed first run and the two ways on: ingesting
// volumes at hand, or starting without any.
func firstRunHelp(db, from string, err error) string {
	again := "chancery serve"
	if db != "chancery.db" {
		again += " --db " + db
	}
	return fmt.Sprintf(`the starter volumes could not be fetched from %s (%v).
To start without a network, point serve at volumes you have, a directory of
FRUS TEI files (such as volumes/ in a clone of HistoryAtState/frus):
    %s --source DIR --starter all
or skip the first run and start with the empty database (add volumes later
with chancery ingest or chancery get):
    %s --starter none`, from, err, again, again)
}

// drainTimeout bounds how long a stopping server waits for the requests
// under way.
const drainTimeout = 10 * time.Second

// serve serves h on ln until ctx is done, then shuts down gracefully:
// it stops accepting connections, waits up to drainTimeout for the
// requests under way, and logs how long that took.
func serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "addr", ln.Addr().String(), "drain_timeout", drainTimeout.String())
	start := time.Now()
	shutdown, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		srv.Close()
		log.Error("stopped without draining", "after_ms", time.Since(start).Milliseconds(), "err", err)
		return fmt.Errorf("requests still under way after %s were cut off: %w", drainTimeout, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped", "drained_ms", float64(time.Since(start).Microseconds())/1000)
	return nil
}

// setMemoryLimit sets the server's soft memory limit from --memory-limit,
// unless $GOMEMLIMIT sets one, and logs it.
func setMemoryLimit(flag string, log *slog.Logger) error {
	if env := os.Getenv("GOMEMLIMIT"); env != "" {
		log.Info("memory limit", "GOMEMLIMIT", env)
		return nil
	}
	n, err := parseBytes(flag)
	if err != nil {
		return fmt.Errorf("--memory-limit %q: %w", flag, err)
	}
	if n == 0 {
		log.Info("memory limit", "bytes", "none")
		return nil
	}
	debug.SetMemoryLimit(n)
	log.Info("memory limit", "bytes", n, "MiB", n>>20)
	return nil
}

// parseBytes reads a size: a whole number with an optional unit, KiB,
// MiB, GiB (or KB, MB, GB, taken as the same powers of two) or B.
func parseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, fmt.Errorf("not a size: give a number with KiB, MiB or GiB")
	}
	n, err := strconv.ParseInt(t[:i], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("not a size: %w", err)
	}
	shift := map[string]uint{"": 0, "B": 0, "KiB": 10, "KB": 10, "MiB": 20, "MB": 20, "GiB": 30, "GB": 30}
	sh, ok := shift[strings.TrimSpace(t[i:])]
	if !ok {
		return 0, fmt.Errorf("unknown unit %q: use KiB, MiB or GiB", t[i:])
	}
	if n > (1<<62)>>sh {
		return 0, fmt.Errorf("too large")
	}
	return n << sh, nil
}
