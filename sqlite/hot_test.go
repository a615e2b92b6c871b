package sqlite

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/storetest"
)

func TestHitsEncoding(t *testing.T) {
	list := []hits.Scored{{Row: 5, Score: -1.5}, {Row: 2, Score: -3.25}, {Row: 1000000, Score: 0}, {Row: 7, Score: -12}}
	got, err := decodeHits(encodeHits(list))
	if err != nil {
		t.Fatal(err)
	}
	want := []hits.Scored{{Row: 2, Score: -3.25}, {Row: 5, Score: -1.5}, {Row: 7, Score: -12}, {Row: 1000000, Score: 0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip = %v, want %v", got, want)
	}
	if _, err := decodeHits([]byte{0xff}); err == nil {
		t.Error("garbage decoded")
	}
}

// TestOptimize: precomputed match lists give the same results as the
// index, and are dropped when the corpus changes.
func TestOptimize(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.PutTestVolumes(t, db)
	search := func(q string) *chancery.SearchResult {
		pq, err := query.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Search(ctx, &chancery.SearchRequest{Query: pq, Limit: 20, Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	before := search("government")
	db.hotMinDocs = 3
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	db.db.QueryRow("SELECT count(*) FROM hot").Scan(&n)
	if n == 0 {
		t.Fatal("no match list computed")
	}
	db.cache, db.results = hits.Cache{}, hits.Results{} // force reading the precomputed lists
	after := search("government")
	if before.Total == 0 || !reflect.DeepEqual(ids(before), ids(after)) || before.Total != after.Total {
		t.Errorf("with precomputed lists: %v (%d); without: %v (%d)", ids(after), after.Total, ids(before), before.Total)
	}
	// A change to the corpus makes the lists stale: they are not used.
	v := storetest.Volume(t, "frus1895Supp.xml")
	v.Volume.Hash += "-2"
	v.Documents = v.Documents[:1]
	if _, err := db.PutVolume(ctx, v); err != nil {
		t.Fatal(err)
	}
	gen, _ := db.generation(ctx)
	var fresh int
	db.db.QueryRow("SELECT count(*) FROM hot WHERE gen = ?", gen).Scan(&fresh)
	if fresh != 0 {
		t.Errorf("%d lists claim the new generation", fresh)
	}
}

func ids(r *chancery.SearchResult) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Volume+"/"+h.Document)
	}
	return out
}

// TestWarm: Warm loads the vocabulary and metadata of the current
// generation, and again once the corpus changes.
func TestWarm(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loaded := func() bool {
		gen, _ := db.generation(ctx)
		return db.vocab.Holds(gen) && db.meta.Holds(gen)
	}
	storetest.PutTestVolumes(t, db)
	if loaded() {
		t.Fatal("loaded before Warm")
	}
	if err := db.Warm(ctx); err != nil || !loaded() {
		t.Fatalf("Warm: %v; loaded %v", err, loaded())
	}
	if _, err := db.PutVolume(ctx, storetest.Volume(t, "frus1866p1.xml")); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteVolume(ctx, "frus1866p1"); err != nil {
		t.Fatal(err)
	}
	if loaded() {
		t.Fatal("still loaded for an older generation")
	}
	if err := db.Warm(ctx); err != nil || !loaded() {
		t.Fatalf("Warm after a change: %v; loaded %v", err, loaded())
	}
}

// TestVocabSnapshot: after Optimize, the vocabulary is read from its
// snapshot, the same as from the index, until the corpus changes.
func TestVocabSnapshot(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "v.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.PutTestVolumes(t, db)
	gen, _ := db.generation(ctx)
	if _, ok := db.vocabSnapshot(ctx, gen); ok {
		t.Fatal("a snapshot before Optimize")
	}
	fromIndex, err := db.vocabulary(ctx, gen)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	snap, ok := db.vocabSnapshot(ctx, gen)
	if !ok || !reflect.DeepEqual(snap, fromIndex) {
		t.Fatalf("snapshot %v differs from the index's vocabulary", ok)
	}
	if _, err := db.PutVolume(ctx, storetest.Volume(t, "frus1866p1.xml")); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteVolume(ctx, "frus1866p1"); err != nil {
		t.Fatal(err)
	}
	gen2, _ := db.generation(ctx)
	if _, ok := db.vocabSnapshot(ctx, gen2); ok {
		t.Error("the snapshot of an older generation was read")
	}
}
