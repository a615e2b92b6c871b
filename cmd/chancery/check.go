package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/linkcheck"
)

func newCheckCmd() *cobra.Command {
	var (
		db      string
		asJSON  bool
		store   bool
		idsFile string
	)
	cmd := &cobra.Command{
		Use:   "check [--db FILE] [--json] [--volume-ids FILE] [--store] [VOLUME_ID...]",
		Short: "Report the citations that lead nowhere, volume by volume, or check the database itself",
		Long: `Check reports on the citations of the named volumes, or of all stored
volumes, as ingest resolved them: the refs of their markup and the citations
of the series Chancery found in plain words ("Foreign Relations, 1934, vol.
IV, p. 390"; see chancery resolve). A line for each volume counts each kind
by how a reader meets it — leading to its place here, to a volume not
stored here (the reader sends it to history.state.gov), or nowhere — and the
broken ones by what is wrong:

  malformed   a ref's target is not a place ("http://thought.it", made of
              the words "thought it")
  no-volume   the series has no such volume
  unclear     the citation does not say which volume (a year in parts)
  no-place    the volume, stored here, has no such document, note or id
  no-page     the volume, stored here, has no such page
  reversed    a range of pages that ends before it begins

then each broken citation with its place and the reason. With --volume-ids,
a list of the series' volume ids, one a line (the publisher's
frus-volume-ids.txt), a citation of a volume not in it is broken (no-volume);
without it, every volume cited is taken to exist. Refs to web pages
outside the series are not citations of it and are not counted. --json
prints the same report as JSON (also served at /api/v1/links).

With --store, check verifies the database itself instead, as after a
crash or a full disk: SQLite's integrity check of every table and index
(the full-text index among them), and each volume's stored counts against
its rows; it lists each volume with its content hash and the checksum of
its records (with --json, as JSON), which are the same in any two
databases holding the same version of the volume whole.

The exit status is 0 when no problem is found, 1 otherwise.`,
		Example: "  chancery check frus1961-63v05\n  chancery check --volume-ids frus-volume-ids.txt --json\n  chancery check --store --db chancery.db",
		RunE: func(cmd *cobra.Command, args []string) error {
			known, err := readVolumeIDs(idsFile)
			if err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), db, readExisting)
			if err != nil {
				return err
			}
			defer st.Close()
			if store {
				return checkStore(cmd.Context(), st, args, asJSON, cmd.OutOrStdout())
			}
			rep, err := linkcheck.Check(cmd.Context(), st, args, known)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if err := printJSON(out, rep); err != nil {
					return err
				}
			} else {
				for _, v := range rep.Volumes {
					fmt.Fprintln(out, v)
				}
				for _, p := range rep.Problems {
					fmt.Fprintln(out, p)
				}
				fmt.Fprintf(out, "%d citations checked: %d here, %d to volumes not stored here, %d broken\n", rep.Citations, rep.Here, rep.NotHeld, len(rep.Problems))
			}
			if len(rep.Problems) > 0 {
				return &exitError{code: 1}
			}
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	volumeIDsFlag(cmd, &idsFile)
	cmd.Flags().BoolVar(&store, "store", false, "check the database itself (integrity, counts) and list each volume's hash and checksum")
	return cmd
}

// storeReport is what check --store found.
type storeReport struct {
	OK      bool          `json:"ok"`
	Problem string        `json:"problem,omitempty"`
	Volumes []volumeCheck `json:"volumes"`
}

// volumeCheck is one stored volume, as check --store lists it.
type volumeCheck struct {
	chancery.VolumeStats
	Hash     string `json:"hash"`
	Checksum string `json:"checksum"`
}

// checkStore checks the store's integrity (when it can: both stores do)
// and lists the volumes (or those of ids) with their hash and checksum.
func checkStore(ctx context.Context, st chancery.Store, ids []string, asJSON bool, out io.Writer) error {
	rep := storeReport{OK: true}
	if c, ok := st.(interface{ Check(context.Context) error }); ok {
		if err := c.Check(ctx); err != nil {
			rep.OK, rep.Problem = false, err.Error()
		}
	}
	vols, err := st.Volumes(ctx)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	for _, vs := range vols {
		if len(ids) > 0 && !want[vs.ID] {
			continue
		}
		hash, err := st.VolumeHash(ctx, vs.ID)
		if err != nil {
			return err
		}
		sum, err := ingest.Checksum(ctx, st, vs.ID)
		if err != nil {
			return err
		}
		rep.Volumes = append(rep.Volumes, volumeCheck{VolumeStats: vs, Hash: hash, Checksum: sum})
	}
	if asJSON {
		if err := printJSON(out, rep); err != nil {
			return err
		}
	} else {
		for _, v := range rep.Volumes {
			fmt.Fprintf(out, "%s: %d documents, checksum %s\n", v.ID, v.Documents, v.Checksum[:16])
		}
		if rep.OK {
			fmt.Fprintf(out, "%d volumes: the database passes its checks\n", len(rep.Volumes))
		} else {
			fmt.Fprintln(out, rep.Problem)
		}
	}
	if !rep.OK {
		return &exitError{code: 1}
	}
	return nil
}
