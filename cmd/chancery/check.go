package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/links"
)

func newCheckCmd() *cobra.Command {
	var (
		db     string
		asJSON bool
		store  bool
	)
	cmd := &cobra.Command{
		Use:   "check [--db FILE] [--json] [--store] [VOLUME_ID...]",
		Short: "List cross-references whose targets are malformed or lead nowhere, or check the database itself",
		Long: `Check reads every cross-reference (TEI ref) of the named volumes, or of all
stored volumes, and lists those whose target is malformed (such as
"http://thought.it", made of the words "thought it") or dangling: a place
in this volume or in another stored volume that does not exist. Refs to
volumes not stored here cannot be verified; they are counted. A line for
each volume counts its refs by what they lead to, and the citations of the
series its notes make in plain words ("Foreign Relations, 1934, vol. IV,
p. 390"; see chancery resolve), apart from those its refs mark up. The reader
shows malformed targets as plain text and sends refs to volumes not stored
here to history.state.gov.

With --store, check verifies the database itself instead, as after a
crash or a full disk: SQLite's integrity check of every table and index
(the full-text index among them), and each volume's stored counts against
its rows; it lists each volume with its content hash and the checksum of
its records (with --json, as JSON), which are the same in any two
databases holding the same version of the volume whole.

The exit status is 0 when no problem is found, 1 otherwise.`,
		Example: "  chancery check frus1961-63v05\n  chancery check --store --db chancery.db",
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openStore(cmd.Context(), db, readExisting)
			if err != nil {
				return err
			}
			defer st.Close()
			if store {
				return checkStore(cmd.Context(), st, args, asJSON, cmd.OutOrStdout())
			}
			rep, err := links.Check(cmd.Context(), st, args)
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
				fmt.Fprintf(out, "%d refs checked: %d problems, %d to volumes not stored here\n", rep.Refs, len(rep.Problems), rep.Unverified)
			}
			if len(rep.Problems) > 0 {
				return &exitError{code: 1}
			}
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
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
