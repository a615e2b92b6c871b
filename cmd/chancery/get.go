package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/datasets"
	"github.com/chancery-frus/chancery/fetch"
	"github.com/chancery-frus/chancery/graph"
	"github.com/chancery-frus/chancery/identity"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/tei"
)

func newGetCmd() *cobra.Command {
	var (
		db, source, dir string
		quiet           bool
	)
	cmd := &cobra.Command{
		Use:   "get [--source URL|DIR] [--dir DIR] [--db FILE] VOLUME_ID|DATASET...",
		Short: "Download volumes or reference datasets from the public repositories (or a mirror) and store them",
		Long: `Get downloads FRUS volumes by id, checks that each is well-formed TEI, keeps
it in the data directory as ID.xml, and ingests it into the database.

It also loads the publisher's reference datasets, named people (the
cross-volume registry of persons), pocom (Principal Officers and Chiefs of
Mission) and travels (the Presidents' terms, and the trips of Presidents
and Secretaries): it reads the branch archive of the repository
HistoryAtState/NAME (` + fetch.DefaultArchive + `NAME` + fetch.ArchiveBranch + `),
or NAME.tar.gz in --source (a mirror URL or a directory, like
../shared/datasets), as it arrives, without unpacking it to disk, and
stores it, replacing the older load of the same dataset whole. A file of
the archive that cannot be read is left out with a warning naming it; an
archive holding a path outside itself, a link, a file over 16 MB, or
unpacking to more than 1 GB is refused, and the older load stays.

The default source is the raw files of the publisher's public repository
(` + fetch.DefaultSource + `ID.xml).
--source names a mirror URL under which volumes are ID.xml, or a local
directory holding ID.xml or volumes/ID.xml (a clone of the repository).

A download goes to a temporary file that is moved into place only once it is
complete and well-formed: an interrupted or failed download leaves no partial
file behind, and a volume already kept is replaced only by a good one. A
volume larger than 256 MB is refused (as soon as the server announces its
size, else once that much has arrived), and so is anything in a local source
that is not a regular file. An interrupted run stops at once with status 130
(Ctrl-C) or 143 (SIGTERM).`,
		Example: `  chancery get frus1961-63v05
  chancery get people pocom travels
  chancery get --source ../shared/datasets people pocom travels
  chancery get --source ~/src/frus frus1964-68v20 frus1969-76v19p1
  chancery get --source https://mirror.example.org/frus/volumes/ frus1934v04`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var names, ids []string
			for _, id := range args {
				switch {
				case datasets.Known(id):
					names = append(names, id)
				case fetch.ValidID(id):
					ids = append(ids, id)
				default:
					return fmt.Errorf("%q is neither a FRUS volume id (like frus1961-63v05) nor a dataset (%s)", id, strings.Join(chancery.DatasetNames, ", "))
				}
			}
			if dir == "" {
				dir = filepath.Join(filepath.Dir(db), "volumes")
			}
			store, err := openStore(cmd.Context(), db, createIfMissing)
			if err != nil {
				return err
			}
			defer store.Close()
			if len(names) > 0 {
				if err := getDatasets(cmd, store, source, names, quiet); err != nil || len(ids) == 0 {
					return err
				}
			}
			return getVolumes(cmd, store, source, dir, ids, quiet)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&source, "source", "", "mirror URL or local directory to fetch from (default: the publisher's public repository)")
	cmd.Flags().StringVar(&dir, "dir", "", "data directory the volumes are kept in (default: volumes/ beside the database)")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only errors")
	return cmd
}

// getVolumes fetches and ingests volumes, with a progress bar per
// download on a terminal, and fails if any volume failed.
func getVolumes(cmd *cobra.Command, store chancery.Store, source, dir string, ids []string, quiet bool) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	f := &fetch.Fetcher{Source: source, Dir: dir, Client: &http.Client{
		Timeout:   10 * time.Minute,
		Transport: limitedTransport{base: http.DefaultTransport, limit: tei.MaxFileSize},
	}}
	if !quiet && isTerminal(errOut) {
		f.Progress = func(id string, size int64) io.Writer {
			return progressbar.NewOptions64(size,
				progressbar.OptionSetWriter(errOut),
				progressbar.OptionSetDescription(id),
				progressbar.OptionShowBytes(true),
				progressbar.OptionClearOnFinish(),
			)
		}
	}
	ctx := cmd.Context()
	people, err := identity.Stored(ctx, store)
	if err != nil {
		return fmt.Errorf("read the datasets: %w", err)
	}
	failed, added, done := 0, 0, 0
	defer func() {
		if added > 0 && ctx.Err() == nil {
			optimize(ctx, store, out, quiet)
		}
	}()
	for _, id := range ids {
		if ctx.Err() != nil {
			break
		}
		r, err := getOne(cmd, store, f, id, people)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			failed++
			fmt.Fprintln(errOut, "error:", err)
			continue
		}
		done++
		if r.Action != chancery.Unchanged.String() {
			added++
		}
		if !quiet {
			fmt.Fprintf(out, "%s: %s from %s, %d documents, %d notes, %d pages, %d warnings\n",
				id, r.Action, f.Location(id), r.Stats.Documents, r.Stats.Notes, r.Stats.Pages, len(r.Warnings))
		}
	}
	if ctx.Err() != nil {
		return &exitError{code: interruptedStatus(ctx), msg: fmt.Sprintf(
			"interrupted (%v): %d of %d volumes stored or unchanged; no partial file is kept, and every volume is stored whole or not at all",
			context.Cause(ctx), done, len(ids))}
	}
	if failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d volumes failed", failed, len(ids))}
	}
	return nil
}

// limitedTransport refuses a download larger than limit bytes: at once
// when the server announces its size, else once limit bytes have arrived.
type limitedTransport struct {
	base  http.RoundTripper
	limit int64
}

func (t limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	if resp.ContentLength > t.limit {
		resp.Body.Close()
		return nil, fmt.Errorf("volume too large: %s, over the limit of %s for one volume", tei.Size(resp.ContentLength), tei.Size(t.limit))
	}
	resp.Body = fetch.Capped(resp.Body, t.limit, func() error {
		return fmt.Errorf("volume too large: more than %s, the limit for one volume", tei.Size(t.limit))
	})
	return resp, nil
}

// checkLocal refuses, before it is opened, a volume in a local source
// that is not a regular file within the size limit (a named pipe would
// hold the download up for ever). Where the source holds no such volume,
// the fetch says so.
func checkLocal(f *fetch.Fetcher, id string) error {
	if f.Source == "" || fetch.IsURL(f.Source) {
		return nil
	}
	dir := strings.TrimPrefix(f.Source, "file://")
	for _, p := range []string{filepath.Join(dir, id+".xml"), filepath.Join(dir, "volumes", id+".xml")} {
		if _, err := os.Lstat(p); err == nil {
			if err := ingest.CheckFile(p); err != nil {
				return fmt.Errorf("get %s: %w", id, err)
			}
			return nil
		}
	}
	return nil
}

// getOne fetches, decodes and stores one volume, its persons resolved
// against people (nil when no dataset is loaded).
func getOne(cmd *cobra.Command, store chancery.Store, f *fetch.Fetcher, id string, people *identity.Index) (ingest.Result, error) {
	if err := checkLocal(f, id); err != nil {
		return ingest.Result{}, err
	}
	data, tmp, err := f.Fetch(cmd.Context(), id)
	if err != nil {
		return ingest.Result{}, err
	}
	v, err := ingest.DecodeContext(cmd.Context(), f.Location(id), data)
	if err != nil {
		f.Discard(tmp)
		return ingest.Result{}, fmt.Errorf("get %s: not a usable FRUS volume: %w", id, err)
	}
	if v.Volume.ID != id {
		f.Discard(tmp)
		return ingest.Result{}, fmt.Errorf("get %s: %s holds volume %q, not %q", id, f.Location(id), v.Volume.ID, id)
	}
	path, err := f.Keep(id, tmp)
	if err != nil {
		return ingest.Result{}, err
	}
	v.Volume.Source = filepath.Base(path)
	if people != nil {
		v.People = people.Volume(v)
	}
	r := ingest.Put(cmd.Context(), store, path, v)
	if r.Err != nil {
		return r, r.Err
	}
	if _, err := graph.Link(cmd.Context(), store); err != nil {
		return r, fmt.Errorf("get %s: resolve the citations: %w", id, err)
	}
	return r, nil
}
