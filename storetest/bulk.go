package storetest

import (
	"context"
	"testing"

	"github.com/chancery-frus/chancery"
)

// bulkQueries are searches whose whole results (totals, order, scores,
// facets) a bulk run must not change.
var bulkQueries = []string{"treaty", `"secretary of state"`, "title:memorandum", "minist*", "person:seward", `"secretary state"~3`, "Gromyko"}

// testBulkRun: a store that takes runs of many volumes faster
// (chancery.BulkWriter) answers every search during the run and after it
// exactly as it does when the same volumes are stored one by one, with
// volumes replaced in the run (whether stored before it or in it), and
// passes its own check throughout.
func testBulkRun(t *testing.T, s chancery.Store) {
	b, ok := s.(chancery.BulkWriter)
	if !ok {
		t.Skip("not a BulkWriter")
	}
	ctx := context.Background()
	check := func(when string) {
		t.Helper()
		if c, ok := s.(interface{ Check(context.Context) error }); ok {
			if err := c.Check(ctx); err != nil {
				t.Errorf("check %s: %v", when, err)
			}
		}
	}
	PutTestVolumes(t, s)
	want := map[string]string{}
	for _, q := range bulkQueries {
		want[q] = jsonOf(t, find(t, s, q, nil))
	}
	for _, n := range TestVolumes[1:] {
		v := Volume(t, n)
		if err := s.DeleteVolume(ctx, v.Volume.ID); err != nil {
			t.Fatal(err)
		}
	}
	// replace stores volume n again under another content hash.
	replace := func(n string) {
		t.Helper()
		v := Volume(t, n)
		v.Volume.Hash += "-again"
		mustPut(t, s, v, chancery.Replaced)
	}
	asWanted := func(when string) {
		t.Helper()
		for _, q := range bulkQueries {
			if got := jsonOf(t, find(t, s, q, nil)); got != want[q] {
				t.Errorf("%s %s:\n got %s\nwant %s", q, when, got, want[q])
			}
		}
	}
	if err := b.BeginBulk(ctx); err != nil {
		t.Fatal(err)
	}
	PutTestVolumes(t, s)
	replace(TestVolumes[0]) // stored before the run
	replace(TestVolumes[1]) // stored in it
	asWanted("during a bulk run")
	check("during a bulk run")
	if err := b.EndBulk(ctx); err != nil {
		t.Fatal(err)
	}
	asWanted("after a bulk run")
	check("after a bulk run")
}
