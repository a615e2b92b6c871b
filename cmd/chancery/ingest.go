package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/tei"
)

func newIngestCmd() *cobra.Command {
	var (
		db       string
		workers  int
		warnings bool
		quiet    bool
		idsFile  string
	)
	cmd := &cobra.Command{
		Use:   "ingest [--db FILE] [--volume-ids FILE] PATH...",
		Short: "Read TEI volumes (files or directories of .xml files) into the database",
		Long: `Ingest reads FRUS volumes, TEI P5 XML files, into the database. A directory
stands for the .xml files directly in it.

Volumes are decoded in parallel, one per core. Each volume is stored in one
transaction: a changed volume replaces its old version atomically, an
unchanged one (same file content) is skipped, and a volume that fails to read
leaves what is stored untouched while the other inputs are still ingested.

Inputs are regular files (or symbolic links to them) of at most 256 MB;
pipes, devices and sockets are refused at once. A path that cannot be read
fails on its own: the other inputs are still ingested.

On a terminal a progress bar shows the work; otherwise one line is printed
per volume. A summary closes the run: volumes, documents, notes, pages and
warnings by kind. The exit status is 0 only when every input was ingested;
an interrupted run stops at once with status 130 (Ctrl-C) or 143 (SIGTERM),
each volume stored whole or not at all.

Each volume's citations — its refs, and the citations of the series its
notes and text make in plain words — are stored with it and resolved to the
documents they mean, in it and in the other volumes stored; those of
volumes not stored yet resolve when a later run brings them (see chancery
citations and chancery check). With --volume-ids, a list of the series'
volume ids, one a line (the publisher's frus-volume-ids.txt), the citations
in plain words are read against it: "Foreign Relations, 1863, p. 460"
names a year in parts, and a volume the series does not have is broken.
Without it, the usual spelling of an id is taken.`,
		Example: `  chancery ingest --db frus.db ../frus/volumes/
  chancery ingest --volume-ids frus-volume-ids.txt frus1961-63v05.xml frus1964-68v20.xml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			known, err := readVolumeIDs(idsFile)
			if err != nil {
				return err
			}
			// Without a single file to read, no database is created.
			files, failed := ingest.Inputs(args)
			if len(files) == 0 {
				for _, r := range failed {
					fmt.Fprintln(cmd.ErrOrStderr(), "error:", r.Err)
				}
				return &exitError{code: 1, msg: fmt.Sprintf("no volume files to ingest: %d of %d inputs failed", len(failed), len(args))}
			}
			store, err := openStore(cmd.Context(), db, createIfMissing)
			if err != nil {
				return fmt.Errorf("%w; no volume ingested: %s", err, fileList(files))
			}
			defer store.Close()
			return runIngest(cmd.Context(), store, files, ingestOptions{
				workers: workers, warnings: warnings, quiet: quiet, failed: failed, known: known,
				out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr(),
			})
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().IntVarP(&workers, "jobs", "j", 0, "volumes decoded at once (default: one per core)")
	cmd.Flags().BoolVar(&warnings, "warnings", false, "list every warning, not only their counts by kind")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only the summary and errors")
	cmd.Flags().StringVar(&idsFile, "volume-ids", "", "a list of the series' volume ids, one a line (frus-volume-ids.txt), to read citations against")
	return cmd
}

type ingestOptions struct {
	workers         int
	warnings, quiet bool
	out, errOut     io.Writer
	// failed are the inputs that gave no file to read (ingest.Inputs),
	// reported first and counted as failed.
	failed []ingest.Result
	// known is the series' list of volume ids (ingest.Options.Known).
	known func(string) bool
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// runIngest ingests files with progress and a summary, and fails unless
// every input was ingested (o.failed among them).
func runIngest(ctx context.Context, store chancery.Store, files []string, o ingestOptions) error {
	defer batchGC()()
	var bar *progressbar.ProgressBar
	if !o.quiet && isTerminal(o.errOut) {
		bar = progressbar.NewOptions(len(files),
			progressbar.OptionSetWriter(o.errOut),
			progressbar.OptionSetDescription("ingesting"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond),
		)
	}
	opt := ingest.Options{Workers: o.workers, Known: o.known, OnResult: func(r ingest.Result) {
		switch {
		case r.Err != nil:
			if bar != nil {
				bar.Clear()
			}
			fmt.Fprintln(o.errOut, "error:", r.Err)
		case bar != nil:
		case o.quiet:
		case r.Action == chancery.Unchanged.String():
			fmt.Fprintf(o.out, "%s: unchanged %s\n", tei.PrintableName(r.File), tei.PrintableName(r.Volume))
		default:
			fmt.Fprintf(o.out, "%s: %s %s, %d documents, %d notes, %d pages, %d warnings\n",
				tei.PrintableName(r.File), r.Action, tei.PrintableName(r.Volume), r.Stats.Documents, r.Stats.Notes, r.Stats.Pages, len(r.Warnings))
		}
		if bar != nil {
			bar.Add(1)
		}
	}}
	for _, r := range o.failed {
		fmt.Fprintln(o.errOut, "error:", r.Err)
	}
	s := ingest.Run(ctx, store, files, opt)
	s.Results = append(o.failed, s.Results...)
	s.Failed += len(o.failed)
	if bar != nil {
		bar.Finish()
	}
	printSummary(o.out, s, o.warnings)
	if ctx.Err() != nil {
		if s.Err != nil {
			fmt.Fprintln(o.errOut, "error:", s.Err)
		}
		return interrupted(ctx, s)
	}
	if s.Added+s.Replaced > 0 {
		if err := optimize(ctx, store, o.out, o.quiet); err != nil {
			if ctx.Err() != nil {
				return interrupted(ctx, s)
			}
			return err
		}
	}
	if s.Err != nil {
		return s.Err
	}
	if s.Failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d inputs failed", s.Failed, len(s.Results))}
	}
	return nil
}

// interrupted is the error of an ingest stopped by a signal (or its
// context otherwise done): what was stored is complete, the rest is not
// stored at all.
func interrupted(ctx context.Context, s *ingest.Summary) error {
	return &exitError{code: interruptedStatus(ctx), msg: fmt.Sprintf(
		"interrupted (%v): %d of %d inputs stored or unchanged; every volume is stored whole or not at all, and a new run goes on where this one stopped",
		context.Cause(ctx), s.Added+s.Replaced+s.Unchanged, len(s.Results))}
}

func printSummary(w io.Writer, s *ingest.Summary, all bool) {
	t := s.Totals
	fmt.Fprintf(w, "%d volumes in %.1fs (%.1f MB): %d added, %d replaced, %d unchanged, %d failed\n",
		len(s.Results), s.Elapsed.Seconds(), float64(s.Bytes)/1e6, s.Added, s.Replaced, s.Unchanged, s.Failed)
	if s.Added+s.Replaced > 0 {
		fmt.Fprintf(w, "stored %d documents, %d notes, %d pages, %d persons, %d terms, %d refs; %d documents dated\n",
			t.Documents, t.Notes, t.Pages, t.Persons, t.Terms, t.Refs, t.Dated)
	}
	if l := s.Linked; l.Resolved+l.Broken > 0 {
		fmt.Fprintf(w, "citations of the volumes stored: %d resolved, %d lead nowhere (chancery check lists them)\n", l.Resolved, l.Broken)
	}
	if len(s.ByKind) == 0 {
		return
	}
	kinds := make([]string, 0, len(s.ByKind))
	for k := range s.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, s.ByKind[k])
	}
	fmt.Fprintf(w, "warnings: %s\n", strings.Join(parts, ", "))
	if !all {
		fmt.Fprintln(w, "(list them with --warnings, or later with chancery stats --warnings)")
		return
	}
	for _, r := range s.Results {
		for _, wa := range r.Warnings {
			wa.File = tei.PrintableName(wa.File)
			fmt.Fprintln(w, "warning:", wa)
		}
	}
}

// optimize lets the store prepare for searches after a batch of changes.
func optimize(ctx context.Context, store chancery.Store, out io.Writer, quiet bool) error {
	opt, ok := store.(chancery.Optimizer)
	if !ok {
		return nil
	}
	start := time.Now()
	if err := opt.Optimize(ctx); err != nil {
		return fmt.Errorf("prepare searches: %w", err)
	}
	if d := time.Since(start); d > time.Second && !quiet {
		fmt.Fprintf(out, "prepared the store for searches in %.1fs\n", d.Seconds())
	}
	return nil
}

// fileList names the first few of files, for a message.
func fileList(files []string) string {
	const most = 5
	names := make([]string, 0, most)
	for i, f := range files {
		if i == most {
			names = append(names, fmt.Sprintf("and %d more", len(files)-most))
			break
		}
		names = append(names, tei.PrintableName(f))
	}
	return strings.Join(names, ", ")
}

// batchGC trades memory for time while volumes are stored, unless $GOGC
// says otherwise: the collector runs a quarter as often (GOGC 400), which
// on two cores makes a run some 10 % faster for about 150 MB more at its
// peak, within a memory limit of 1 GiB unless one is set already ($GOMEMLIMIT,
// serve's --memory-limit). It returns what puts the settings back.
func batchGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	gc := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(-1)
	if limit == math.MaxInt64 {
		debug.SetMemoryLimit(1 << 30)
	}
	return func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	}
}
