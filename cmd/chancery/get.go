package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/fetch"
	"github.com/chancery-frus/chancery/ingest"
)

func newGetCmd() *cobra.Command {
	var (
		db, source, dir string
		quiet           bool
	)
	cmd := &cobra.Command{
		Use:   "get [--source URL|DIR] [--dir DIR] [--db FILE] VOLUME_ID...",
		Short: "Download volumes from the public repository (or a mirror) and ingest them",
		Long: `Get downloads FRUS volumes by id, checks that each is well-formed TEI, keeps
it in the data directory as ID.xml, and ingests it into the database.

The default source is the raw files of the publisher's public repository
(` + fetch.DefaultSource + `ID.xml).
--source names a mirror URL under which volumes are ID.xml, or a local
directory holding ID.xml or volumes/ID.xml (a clone of the repository).

A download goes to a temporary file that is moved into place only once it is
complete and well-formed: an interrupted or failed download leaves no partial
file behind, and a volume already kept is replaced only by a good one.`,
		Example: `  chancery get frus1961-63v05
  chancery get --source ~/src/frus frus1964-68v20 frus1969-76v19p1
  chancery get --source https://mirror.example.org/frus/volumes/ frus1934v04`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, id := range args {
				if !fetch.ValidID(id) {
					return fmt.Errorf("%q is not a FRUS volume id (like frus1961-63v05)", id)
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
			return getVolumes(cmd, store, source, dir, args, quiet)
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
	f := &fetch.Fetcher{Source: source, Dir: dir}
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
	failed, added := 0, 0
	defer func() {
		if added > 0 {
			optimize(cmd.Context(), store, out, quiet)
		}
	}()
	for _, id := range ids {
		if err := cmd.Context().Err(); err != nil {
			return err
		}
		r, err := getOne(cmd, store, f, id)
		if err != nil {
			failed++
			fmt.Fprintln(errOut, "error:", err)
			continue
		}
		if r.Action != chancery.Unchanged.String() {
			added++
		}
		if !quiet {
			fmt.Fprintf(out, "%s: %s from %s, %d documents, %d notes, %d pages, %d warnings\n",
				id, r.Action, f.Location(id), r.Stats.Documents, r.Stats.Notes, r.Stats.Pages, len(r.Warnings))
		}
	}
	if failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d volumes failed", failed, len(ids))}
	}
	return nil
}

func getOne(cmd *cobra.Command, store chancery.Store, f *fetch.Fetcher, id string) (ingest.Result, error) {
	data, tmp, err := f.Fetch(cmd.Context(), id)
	if err != nil {
		return ingest.Result{}, err
	}
	v, err := ingest.Decode(f.Location(id), data)
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
	r := ingest.Put(cmd.Context(), store, path, v)
	return r, r.Err
}
