package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery/citation"
	"github.com/chancery-frus/chancery/resolve"
)

func newResolveCmd() *cobra.Command {
	var (
		db, idsFile string
		asJSON      bool
	)
	cmd := &cobra.Command{
		Use:   "resolve [--db FILE] [--json] [--volume-ids FILE] CITATION...",
		Short: "Find the documents a citation means",
		Long: `Resolve reads citations of the Foreign Relations series — as a historian
writes them ("Foreign Relations, 1961–1963, vol. XV, pp. 370–376", "FRUS,
1955–1957, vol. XIV, Document 23", "ibid., vol. VII, pp. 589–592") or as
addresses on history.state.gov — and prints, for each, the volume it means
and, when that volume is in the database, the documents it cites: by
their number, or by their pages (those that begin on the pages first,
then the one continued onto the first). A volume not in the database is
given with its address on history.state.gov. A citation that cannot
resolve says why: no such volume, document or page, or a range of pages
that ends before it begins.

Volume ids are checked against those in the database and, with
--volume-ids, against a list of the series' ids, one a line, such as the
publisher's frus-volume-ids.txt; without it a volume not in the database
is named by the usual spelling of its id.

The exit status is 0 when every citation found resolves, 1 when none is
found or one cannot resolve.`,
		Example: `  chancery resolve "Foreign Relations, 1961–1963, vol. V, Document 253"
  chancery resolve --json https://history.state.gov/historicaldocuments/frus1961-63v05/d253`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			known, err := readVolumeIDs(idsFile)
			if err != nil {
				return err
			}
			store, err := openStore(cmd.Context(), db, readExisting)
			if err != nil {
				return err
			}
			defer store.Close()
			found, err := resolve.New(store, known).Resolve(cmd.Context(), strings.Join(args, " "))
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if found == nil {
					found = []resolve.Found{}
				}
				if err := printJSON(out, found); err != nil {
					return err
				}
			} else {
				for _, f := range found {
					fmt.Fprintf(out, "%s\n  %s\n", f.Text, describe(f))
				}
			}
			if len(found) == 0 {
				return errors.New("no citation of the series found")
			}
			for _, f := range found {
				if f.Broken != "" {
					return &exitError{code: 1}
				}
			}
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the citations as JSON")
	volumeIDsFlag(cmd, &idsFile)
	return cmd
}

// describe says in one line what a citation resolved to.
func describe(f resolve.Found) string {
	var b strings.Builder
	if f.Volume == "" {
		return "cannot resolve: " + f.Broken
	}
	b.WriteString(f.Volume)
	if p := f.Pages(); p != "" {
		b.WriteString(", " + p)
	}
	switch {
	case f.Broken != "":
		b.WriteString(": cannot resolve: " + f.Broken)
	case !f.Held:
		b.WriteString(" (not in this database): " + f.URL)
	case len(f.Documents) > 0:
		b.WriteString(": " + strings.Join(f.Documents, ", "))
	default:
		b.WriteString(" (in this database)")
	}
	return b.String()
}

// volumeIDsFlag adds the --volume-ids flag of the commands that read
// citations.
func volumeIDsFlag(cmd *cobra.Command, path *string) {
	cmd.Flags().StringVar(path, "volume-ids", "", "a list of the series' volume ids, one a line (frus-volume-ids.txt), that citations are read against")
}

// readVolumeIDs reads a list of the series' volume ids (--volume-ids);
// without one (path ""), it returns nil: every id a citation builds is
// taken.
func readVolumeIDs(path string) (func(string) bool, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ids, err := citation.ReadVolumeIDs(f, path)
	if err != nil {
		return nil, err
	}
	return func(id string) bool { return ids[id] }, nil
}
