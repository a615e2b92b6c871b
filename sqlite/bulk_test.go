package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/chancery-frus/chancery/storetest"
)

// hasWordIndex reports whether the index of the postings by word exists.
func hasWordIndex(t *testing.T, s *DB) bool {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'postings_word'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// TestBulk: a run of many volumes goes without the index by word and
// builds it at its end; searches meanwhile answer the same, only slower;
// a run that never ended has its index built when the store next opens;
// a small run, or one small beside what is stored, keeps the index.
func TestBulk(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	storetest.PutTestVolumes(t, db)
	before := map[string]string{}
	for _, q := range reindexQueries {
		before[q] = searchIDs(t, db, q)
	}
	for _, c := range []struct {
		volumes int
		keeps   bool
	}{{bulkMin - 1, true}, {bulkMin, false}} {
		if err := db.BeginBulk(ctx, c.volumes); err != nil {
			t.Fatal(err)
		}
		if got := hasWordIndex(t, db); got != c.keeps {
			t.Errorf("a run of %d volumes: index kept %v, want %v", c.volumes, got, c.keeps)
		}
	}
	db.SetCaching(false)
	for _, q := range reindexQueries {
		if got := searchIDs(t, db, q); got != before[q] {
			t.Errorf("%s during a bulk run: %s, want %s", q, got, before[q])
		}
	}
	if err := db.EndBulk(ctx); err != nil || !hasWordIndex(t, db) {
		t.Fatalf("EndBulk: %v; index %v", err, hasWordIndex(t, db))
	}
	// A run that never ended.
	if err := db.BeginBulk(ctx, 100); err != nil || hasWordIndex(t, db) {
		t.Fatalf("BeginBulk: %v; index %v", err, hasWordIndex(t, db))
	}
	db.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !hasWordIndex(t, db) {
		t.Error("no index by word after opening a database left by a run that never ended")
	}
	for _, q := range reindexQueries {
		if got := searchIDs(t, db, q); got != before[q] {
			t.Errorf("%s after reopening: %s, want %s", q, got, before[q])
		}
	}
	// A run small beside what is stored keeps the index.
	for i := range bulkMin * bulkShare {
		if _, err := db.db.ExecContext(ctx, "INSERT INTO volumes (id, hash, ingested, record) VALUES (?, '', '', x'')", fmt.Sprint("padding", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.BeginBulk(ctx, bulkMin); err != nil {
		t.Fatal(err)
	}
	if !hasWordIndex(t, db) {
		t.Errorf("a run of %d volumes beside %d stored dropped the index", bulkMin, bulkMin*bulkShare+len(storetest.TestVolumes))
	}
}
