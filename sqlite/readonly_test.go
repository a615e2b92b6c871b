package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/schema"
	"github.com/chancery-frus/chancery/storetest"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// TestOpenReadOnly: a read-only open reads what is stored, refuses every
// write with ErrReadOnly, passes the check, creates no database that does
// not exist, and leaves the file as it was.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	if _, err := OpenReadOnly(ctx, path); err == nil {
		t.Fatal("a read-only open of a missing file succeeded")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a read-only open created %s: %v", path, err)
	}
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	v := storetest.Volume(t, "frus1866p1.xml")
	if _, err := w.PutVolume(ctx, v); err != nil {
		t.Fatal(err)
	}
	w.Close()
	sum := fileSum(t, path)

	s, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.ReadOnly() {
		t.Error("ReadOnly() is false")
	}
	if vols, err := s.Volumes(ctx); err != nil || len(vols) != 1 {
		t.Errorf("Volumes = %v, %v", vols, err)
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
	v2 := storetest.Volume(t, "frus1895Supp.xml")
	if _, err := s.PutVolume(ctx, v2); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "opened read-only") {
		t.Errorf("PutVolume = %v, want ErrReadOnly", err)
	}
	if err := s.DeleteVolume(ctx, v.Volume.ID); !errors.Is(err, ErrReadOnly) {
		t.Errorf("DeleteVolume = %v, want ErrReadOnly", err)
	}
	s.Close()
	if fileSum(t, path) != sum {
		t.Error("the database file changed")
	}
}

// TestOpenReadOnlyOlderSchema: a read-only open of a database whose schema
// is older than this binary's says that it needs migrating, and how,
// without writing; a writable open migrates it, and then it opens
// read-only.
func TestOpenReadOnlyOlderSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	all, err := schema.Pending(migrations, 0)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open(driverName, dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all[:len(all)-1] {
		if _, err := raw.ExecContext(ctx, m.SQL); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.Version)); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	sum := fileSum(t, path)

	_, err = OpenReadOnly(ctx, path)
	if !errors.Is(err, ErrNeedsMigrating) || !strings.Contains(err.Error(), "chancery migrate --db "+path) {
		t.Fatalf("OpenReadOnly = %v, want ErrNeedsMigrating naming chancery migrate", err)
	}
	t.Log(err)
	if fileSum(t, path) != sum {
		t.Error("the read-only open changed the file")
	}
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	s, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(all) {
		t.Errorf("schema version %d, %v; want %d", v, err, len(all))
	}
}

// TestBusyIsUnavailable: a write that finds the database locked by
// another connection, once its wait is over, is chancery.ErrUnavailable
// (the reader's 503), naming the file.
func TestBusyIsUnavailable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// A second connection that does not wait for the lock.
	nowait := "file:" + path + "?_pragma=busy_timeout(0)"
	if strings.Contains(Driver, "cgo") {
		nowait = "file:" + path + "?_busy_timeout=0"
	}
	other, err := sql.Open(driverName, nowait)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := w.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	_, err = other.ExecContext(ctx, "UPDATE meta SET value = value + 1 WHERE key = 'generation'")
	s := &DB{db: other, path: path}
	if err := s.explain(err); !errors.Is(err, chancery.ErrUnavailable) || !strings.Contains(err.Error(), path) {
		t.Errorf("a write to a locked database: %v, want chancery.ErrUnavailable", err)
	}
}
