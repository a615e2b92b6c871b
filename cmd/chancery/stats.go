package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
)

func newStatsCmd() *cobra.Command {
	var (
		db       string
		asJSON   bool
		warnings bool
	)
	cmd := &cobra.Command{
		Use:   "stats [--db FILE] [--json] [--warnings] [VOLUME_ID...]",
		Short: "Count what is stored, per volume and in total",
		Long: `Stats counts, for each stored volume and in total, the documents, notes,
pages, persons, terms, cross-references, dated documents and warnings.
Naming volumes limits the report to them; --warnings lists the warnings
raised when they were ingested.

It then lists the reference datasets loaded (chancery get people pocom
travels): where each was read from, when, its records by kind, and its
warnings (listed with --warnings).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := openStore(cmd.Context(), db, readExisting)
			if err != nil {
				return err
			}
			defer store.Close()
			all, err := store.Volumes(cmd.Context())
			if err != nil {
				return err
			}
			vols := all
			if len(args) > 0 {
				byID := map[string]chancery.VolumeStats{}
				for _, v := range all {
					byID[v.ID] = v
				}
				vols = nil
				for _, id := range args {
					v, ok := byID[id]
					if !ok {
						return fmt.Errorf("volume %s is not in %s", id, db)
					}
					vols = append(vols, v)
				}
			}
			total := chancery.VolumeStats{ID: "total", Title: fmt.Sprintf("%d volumes", len(vols))}
			for _, v := range vols {
				total.Add(v)
			}
			var warns []chancery.Warning
			if warnings {
				for _, v := range vols {
					ws, err := store.Warnings(cmd.Context(), v.ID)
					if err != nil {
						return err
					}
					warns = append(warns, ws...)
				}
			}
			sets, err := store.DatasetInfos(cmd.Context())
			if err != nil {
				return err
			}
			if warnings && len(args) == 0 {
				for _, info := range sets {
					d, err := store.LoadDataset(cmd.Context(), info.Name)
					if err != nil {
						return err
					}
					warns = append(warns, d.Warnings...)
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				report := struct {
					Volumes  []chancery.VolumeStats `json:"volumes"`
					Total    chancery.VolumeStats   `json:"total"`
					Datasets []chancery.DatasetInfo `json:"datasets"`
					Warnings []chancery.Warning     `json:"warnings,omitempty"`
				}{vols, total, sets, warns}
				if report.Volumes == nil {
					report.Volumes = []chancery.VolumeStats{}
				}
				return printJSON(out, report)
			}
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "volume\tdocuments\tnotes\tpages\tpersons\tterms\trefs\tdated\twarnings\t")
			row := func(v chancery.VolumeStats) {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", v.ID, v.Documents, v.Notes, v.Pages, v.Persons, v.Terms, v.Refs, v.Dated, v.Warnings)
			}
			for _, v := range vols {
				row(v)
			}
			row(total)
			if err := tw.Flush(); err != nil {
				return err
			}
			for _, d := range sets {
				fmt.Fprintf(out, "dataset %s: %s; %d warnings (from %s, %s)\n", d.Name, describeCounts(d.Counts), d.Warnings, d.Source, d.Loaded)
			}
			for _, w := range warns {
				fmt.Fprintln(out, "warning:", w)
			}
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	cmd.Flags().BoolVar(&warnings, "warnings", false, "list the warnings raised at ingest")
	return cmd
}
