package postgres

import (
	"context"
	"testing"

	"github.com/chancery-frus/chancery/internal/testpg"
	"github.com/chancery-frus/chancery/storetest"
)

// TestWarm: Warm loads the vocabulary and metadata of the current
// generation, and again once the corpus changes.
func TestWarm(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, testpg.Fresh(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loaded := func() bool {
		gen, err := db.Generation(ctx)
		return err == nil && db.searcher.Holds(gen)
	}
	storetest.PutTestVolumes(t, db)
	if loaded() {
		t.Fatal("loaded before Warm")
	}
	if err := db.Warm(ctx); err != nil || !loaded() {
		t.Fatalf("Warm: %v; loaded %v", err, loaded())
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
