package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/sqlite"
	"github.com/chancery-frus/chancery/storetest"
)

func open(t *testing.T) chancery.Store {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "chancery.db"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestStore(t *testing.T) { storetest.Run(t, open) }

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "chancery.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	v := storetest.Volume(t, "frus1866p1.xml")
	if _, err := db.PutVolume(ctx, v); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	version, err := db.SchemaVersion(ctx)
	if err != nil || version < 1 {
		t.Errorf("schema version = %d, %v", version, err)
	}
	if got, err := db.PutVolume(ctx, v); err != nil || got != chancery.Unchanged {
		t.Errorf("PutVolume after reopen = %v, %v; want unchanged", got, err)
	}
}

func TestOpenBadPath(t *testing.T) {
	_, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"))
	if err == nil {
		t.Fatal("Open in a missing directory succeeded")
	}
}
