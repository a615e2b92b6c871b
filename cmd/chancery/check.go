package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery/links"
)

func newCheckCmd() *cobra.Command {
	var (
		db     string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "check [--db FILE] [--json] [VOLUME_ID...]",
		Short: "List cross-references whose targets are malformed or lead nowhere",
		Long: `Check reads every cross-reference (TEI ref) of the named volumes, or of all
stored volumes, and lists those whose target is malformed (such as
"http://thought.it", made of the words "thought it") or dangling: a place
in this volume or in another stored volume that does not exist. Refs to
volumes not stored here cannot be verified; they are counted. The reader
shows malformed targets as plain text and sends refs to volumes not stored
here to history.state.gov.

The exit status is 0 when no problem is found, 1 otherwise.`,
		Example: "  chancery check frus1961-63v05",
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := openStore(cmd.Context(), db, readExisting)
			if err != nil {
				return err
			}
			defer store.Close()
			rep, err := links.Check(cmd.Context(), store, args)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return err
				}
			} else {
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
	return cmd
}
