package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/graph"
)

func newBenchGraphCmd() *cobra.Command {
	var db, idsFile string
	cmd := &cobra.Command{
		Use:   "graph [--db FILE] [--volume-ids FILE]",
		Short: "Measure listing and resolving every citation of a stored corpus",
		Long: `Graph reads every stored volume with its documents (the baseline: what
reading the corpus costs), lists and resolves its citations as ingest does
(graph.Prepare: the page map, the refs and the citations in plain words,
those of the volume itself resolved), then resolves every citation of
another stored volume against it as graph.Link does, each cited volume
indexed once from its stored record — in memory, writing nothing. It prints
each phase's time, for docs/performance.md.`,
		Example: "  chancery bench graph --db /tmp/full.db --volume-ids frus-volume-ids.txt",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			known, err := readVolumeIDs(idsFile)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			store, err := openStore(ctx, db, readExisting)
			if err != nil {
				return err
			}
			defer store.Close()
			vols, err := store.Volumes(ctx)
			if err != nil {
				return err
			}
			var read, prepare, link time.Duration
			var all []chancery.Citation
			own := 0
			for _, vs := range vols {
				start := time.Now()
				v, err := store.Volume(ctx, vs.ID)
				if err != nil {
					return err
				}
				docs, err := store.Documents(ctx, vs.ID)
				if err != nil {
					return err
				}
				read += time.Since(start)
				vd := &chancery.VolumeData{Volume: v, Documents: docs}
				start = time.Now()
				graph.Prepare(vd, known)
				prepare += time.Since(start)
				for _, c := range vd.Citations {
					if c.ToVolume == vs.ID {
						own++
					} else if c.State == chancery.CitePending {
						all = append(all, c)
					}
				}
			}
			start := time.Now()
			linked, err := graph.ResolveStored(ctx, store, all)
			if err != nil {
				return err
			}
			resolved := linked.Resolved + linked.Broken
			link = time.Since(start)
			fmt.Fprintf(cmd.OutOrStdout(), "%d volumes, %d documents: read in %.1fs (baseline)\n", len(vols), countDocs(vols), read.Seconds())
			fmt.Fprintf(cmd.OutOrStdout(), "listed and resolved in their volumes: %.1fs (%d citations, %d of their own volume)\n", prepare.Seconds(), own+len(all), own)
			fmt.Fprintf(cmd.OutOrStdout(), "resolved across volumes: %.1fs (%d of %d citations of other volumes, whose volume is stored)\n", link.Seconds(), resolved, len(all))
			return nil
		},
	}
	dbFlag(cmd, &db)
	volumeIDsFlag(cmd, &idsFile)
	return cmd
}

func countDocs(vols []chancery.VolumeStats) int {
	n := 0
	for _, v := range vols {
		n += v.Documents
	}
	return n
}
