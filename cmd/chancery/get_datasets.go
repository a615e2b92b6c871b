package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/datasets"
	"github.com/chancery-frus/chancery/fetch"
	"github.com/chancery-frus/chancery/identity"
)

// maxArchive is the largest archive of a dataset read, compressed: the
// publisher's largest (people) is 2.7 MB.
const maxArchive = 256 << 20

// getDatasets loads reference datasets into the store, each replacing its
// older load, and fails if any failed.
func getDatasets(cmd *cobra.Command, store chancery.Store, source string, names []string, quiet bool) error {
	ctx := cmd.Context()
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	client := &http.Client{Timeout: 10 * time.Minute}
	failed := 0
	for _, name := range names {
		start := time.Now()
		d, err := getDataset(ctx, store, client, source, name)
		if ctx.Err() != nil {
			return &exitError{code: interruptedStatus(ctx), msg: fmt.Sprintf("interrupted (%v): the dataset being read is not stored; the older load stays", context.Cause(ctx))}
		}
		if err != nil {
			failed++
			fmt.Fprintln(errOut, "error:", err)
			continue
		}
		for _, w := range d.Warnings {
			fmt.Fprintln(errOut, "warning:", w)
		}
		if !quiet {
			fmt.Fprintf(out, "%s: loaded from %s in %s: %s; %d warnings\n", name, d.Source, time.Since(start).Round(time.Millisecond), describeCounts(d.Counts()), len(d.Warnings))
		}
	}
	if failed < len(names) {
		// The persons of the volumes stored, read again against the new loads.
		start := time.Now()
		vols, persons, err := identity.Relink(ctx, store)
		if err != nil {
			return fmt.Errorf("resolve the persons of the volumes stored: %w", err)
		}
		if !quiet && vols > 0 {
			fmt.Fprintf(out, "persons of the documents: %d in %d volumes, resolved again in %s\n", persons, vols, time.Since(start).Round(time.Millisecond))
		}
	}
	if failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d datasets failed; their older loads stay", failed, len(names))}
	}
	return nil
}

// getDataset reads one dataset's archive as it arrives and stores it.
func getDataset(ctx context.Context, store chancery.Store, client *http.Client, source, name string) (*chancery.Dataset, error) {
	r, where, err := fetch.OpenArchive(ctx, client, source, name, maxArchive)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	d, _, err := datasets.Load(ctx, name, r, where, datasets.Limits{})
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", name, err)
	}
	d.Loaded = time.Now().UTC().Format(time.RFC3339)
	if err := store.PutDataset(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

// describeCounts says what a load holds, its kinds in words.
func describeCounts(c chancery.DatasetCounts) string {
	var parts []string
	for _, k := range []struct {
		n    int
		name string
	}{{c.People, "persons"}, {c.Officials, "officials"}, {c.Positions, "positions"}, {c.Tenures, "tenures"}, {c.Presidents, "presidents"}, {c.Trips, "trips"}} {
		if k.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", k.n, k.name))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}
