package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/sqlite"
)

func newShowCmd() *cobra.Command {
	var (
		db     string
		format string
	)
	cmd := &cobra.Command{
		Use:   "show [--db FILE] [--format json] VOL/DOC",
		Short: "Print the stored record of one document",
		Long: `Show prints the stored record of one document, named like its address on
history.state.gov: VOLUME/DOCUMENT, for example frus1961-63v05/d253. With
only a volume id it prints the volume's record: titles, editors, the table
of contents, persons, terms and pages.

The JSON record holds every field Chancery keeps: number, title and head
markup, dateline and normalised date, source note and footnotes, pages,
subject, participants, mentions, cross-references, attachments, signatures,
and the body as a tree (elements as [name, {attributes}, children...]).`,
		Example: "  chancery show --format json frus1961-63v05/d253",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" {
				return fmt.Errorf("unknown format %q: the formats are: json", format)
			}
			vol, doc, _ := strings.Cut(strings.Trim(args[0], "/"), "/")
			if vol == "" {
				return fmt.Errorf("%q is not VOLUME/DOCUMENT, like frus1961-63v05/d253", args[0])
			}
			store, err := sqlite.Open(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer store.Close()
			var record any
			if doc == "" {
				record, err = store.Volume(cmd.Context(), vol)
			} else {
				record, err = store.Document(cmd.Context(), vol, doc)
			}
			if errors.Is(err, chancery.ErrNotFound) {
				return fmt.Errorf("%s is not in %s", args[0], db)
			}
			if err != nil {
				return err
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(record)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&format, "format", "json", "output format: json")
	return cmd
}
