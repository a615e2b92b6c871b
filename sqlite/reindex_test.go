package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/schema"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/storetest"
)

// reindexQueries are searches whose answers must not change when the
// index is built again.
var reindexQueries = []string{"treaty", `"secretary of state"`, "title:memorandum", "minist*", "person:seward", `"secretary state"~3`}

func searchIDs(t *testing.T, s *DB, text string) string {
	t.Helper()
	q, err := query.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(context.Background(), &chancery.SearchRequest{Query: q, Limit: 20})
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.Volume+"/"+h.Document)
	}
	return fmt.Sprintf("%d: %s", res.Total, strings.Join(ids, " "))
}

// TestReindex: a database whose documents have no index yet (as after
// the upgrade from the FTS5 schema) is indexed when the store opens, and
// searches as before.
func TestReindex(t *testing.T) {
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
		if strings.HasPrefix(before[q], "0:") {
			t.Errorf("%s: nothing found; the test needs a query that finds something", q)
		}
	}
	for _, q := range []string{"DELETE FROM postings", "DELETE FROM vocab", "UPDATE volumes SET search_base = 0, search_meta = NULL",
		"UPDATE meta SET value = 1 WHERE key = 'reindex'"} {
		if _, err := db.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	for _, q := range reindexQueries {
		if got := searchIDs(t, db, q); got != before[q] {
			t.Errorf("%s after reindexing: %s, want %s", q, got, before[q])
		}
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
	// A database of schema version 5, whose index held no pairs of common
	// words, is indexed again by migration 6, and searches as before.
	db.Close()
	raw, err := OpenRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"DELETE FROM postings WHERE word LIKE '% %'",
		"ALTER TABLE volumes DROP COLUMN vocab_pending", // migration 7's
		"DROP TABLE citations",                          // migration 8's
		"DROP TABLE cited",
		"DROP TABLE datasets",        // migration 10's
		"DROP TABLE document_people", // migration 11's
		"PRAGMA user_version = 5",
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pairs int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM postings WHERE word = 'secretary of'").Scan(&pairs); err != nil || pairs == 0 {
		t.Errorf("postings of the pair \"secretary of\" after migration 6: %d, %v", pairs, err)
	}
	for _, q := range reindexQueries {
		if got := searchIDs(t, db, q); got != before[q] {
			t.Errorf("%s after migration 6: %s, want %s", q, got, before[q])
		}
	}
}

// TestMigrateFromFTS5: a database of the schema that searched with FTS5
// (version 4) opens, loses its FTS5 tables and searches with the engine.
func TestMigrateFromFTS5(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	raw, err := OpenRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	all, err := schema.Pending(migrations, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all[:4] {
		if _, err := raw.ExecContext(ctx, m.SQL); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		if _, err := raw.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.Version)); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil || v != len(all) {
		t.Fatalf("schema version %d, %v; want %d", v, err, len(all))
	}
	var fts int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name IN ('search', 'search_vocab', 'hot', 'vocab_snapshot')").Scan(&fts); err != nil || fts != 0 {
		t.Errorf("%d tables of the FTS5 index left, %v", fts, err)
	}
	storetest.PutTestVolumes(t, db)
	if got := searchIDs(t, db, "treaty"); strings.HasPrefix(got, "0:") {
		t.Errorf("treaty: %s", got)
	}
}
