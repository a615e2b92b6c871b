package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
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

// inWordOrder reports whether the postings rows are stored in word order.
func inWordOrder(t *testing.T, s *DB) bool {
	t.Helper()
	rows, err := s.db.Query("SELECT word FROM postings ORDER BY rowid")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var words []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			t.Fatal(err)
		}
		words = append(words, w)
	}
	return len(words) > 0 && slices.IsSorted(words)
}

// TestBulk: a bulk run goes without the index by word, and its end
// rewrites the postings in word order and builds the index; searches
// meanwhile answer the same, only slower; a run that never ended is
// finished when the store next opens.
func TestBulk(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	storetest.PutTestVolumes(t, db)
	if inWordOrder(t, db) {
		t.Fatal("postings of three volumes stored one after another are in word order: the test proves nothing")
	}
	before := map[string]string{}
	for _, q := range reindexQueries {
		before[q] = searchIDs(t, db, q)
	}
	if err := db.BeginBulk(ctx); err != nil || hasWordIndex(t, db) {
		t.Fatalf("BeginBulk: %v; index kept %v", err, hasWordIndex(t, db))
	}
	db.SetCaching(false)
	for _, q := range reindexQueries {
		if got := searchIDs(t, db, q); got != before[q] {
			t.Errorf("%s during a bulk run: %s, want %s", q, got, before[q])
		}
	}
	if err := db.EndBulk(ctx); err != nil || !hasWordIndex(t, db) || !inWordOrder(t, db) {
		t.Fatalf("EndBulk: %v; index %v, in word order %v", err, hasWordIndex(t, db), inWordOrder(t, db))
	}
	if err := db.EndBulk(ctx); err != nil {
		t.Fatalf("EndBulk again: %v", err)
	}
	for _, q := range reindexQueries {
		if got := searchIDs(t, db, q); got != before[q] {
			t.Errorf("%s after a bulk run: %s, want %s", q, got, before[q])
		}
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
	// A run under way: another open leaves its postings alone.
	if err := db.BeginBulk(ctx); err != nil {
		t.Fatal(err)
	}
	other, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if hasWordIndex(t, other) {
		t.Error("an open during another's bulk run rebuilt the index under it")
	}
	other.Close()
	// A run that never ended.
	storetest.PutTestVolumes(t, db) // unchanged: nothing to store
	db.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !hasWordIndex(t, db) || !inWordOrder(t, db) {
		t.Error("a run that never ended is not finished when the database is opened again")
	}
	for _, q := range reindexQueries {
		if got := searchIDs(t, db, q); got != before[q] {
			t.Errorf("%s after reopening: %s, want %s", q, got, before[q])
		}
	}
}

// TestLoadWhileWriting: a process loads its search data while another
// holds the write lock: the load only reads, and does not wait for the
// lock (which, taken, would fail once the busy timeout passes).
func TestLoadWhileWriting(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	writer, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	storetest.PutTestVolumes(t, writer)
	node, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	tx, err := writer.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := node.Warm(ctx); err != nil {
		t.Fatalf("loading while another holds the write lock: %v", err)
	}
	if got := searchIDs(t, node, "Gromyko"); strings.HasPrefix(got, "0:") {
		t.Errorf("Gromyko: %s", got)
	}
}

// count returns the one number a query gives.
func count(t *testing.T, s *DB, q string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBulkVocabulary: the words of a bulk run's volumes are counted in
// the vocabulary when the run ends, and not before; meanwhile searches
// answer as if they were counted, replacing a volume (counted before the
// run, or stored in it) leaves no count behind, and a run that never
// ended is counted when the store next opens.
func TestBulkVocabulary(t *testing.T) {
	ctx := context.Background()
	ref, err := Open(ctx, filepath.Join(t.TempDir(), "ref.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	storetest.PutTestVolumes(t, ref)
	want := map[string]string{}
	for _, q := range reindexQueries {
		want[q] = searchIDs(t, ref, q)
	}
	searchesAsWanted := func(s *DB, when string) {
		t.Helper()
		for _, q := range reindexQueries {
			if got := searchIDs(t, s, q); got != want[q] {
				t.Errorf("%s %s: %s, want %s", q, when, got, want[q])
			}
		}
	}
	// replace stores volume n again with another content hash.
	replace := func(s *DB, n string) {
		t.Helper()
		v := storetest.Volume(t, n)
		v.Volume.Hash = "another"
		if res, err := s.PutVolume(ctx, v); err != nil || res != chancery.Replaced {
			t.Fatalf("replace %s: %v, %v", n, res, err)
		}
	}
	for _, end := range []string{"EndBulk", "reopening"} {
		path := filepath.Join(t.TempDir(), "c.db")
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		db.SetCaching(false)
		counted := storetest.TestVolumes[0]
		if _, err := db.PutVolume(ctx, storetest.Volume(t, counted)); err != nil {
			t.Fatal(err)
		}
		words := count(t, db, "SELECT count(*) FROM vocab")
		if err := db.BeginBulk(ctx); err != nil {
			t.Fatal(err)
		}
		storetest.PutTestVolumes(t, db)
		replace(db, counted)
		replace(db, storetest.TestVolumes[1])
		if n := count(t, db, "SELECT count(*) FROM volumes WHERE vocab_pending"); n != len(storetest.TestVolumes) {
			t.Errorf("%d volumes pending during the run, want %d", n, len(storetest.TestVolumes))
		}
		if n := count(t, db, "SELECT count(*) FROM vocab WHERE docs > 0"); n >= words {
			t.Errorf("during the run the vocabulary counts %d words, the first volume alone %d: the run counted its own", n, words)
		}
		searchesAsWanted(db, "during a bulk run")
		if err := db.Check(ctx); err != nil {
			t.Errorf("during a bulk run: %v", err)
		}
		if end == "EndBulk" {
			if err := db.EndBulk(ctx); err != nil {
				t.Fatal(err)
			}
		} else {
			db.Close()
			if db, err = Open(ctx, path); err != nil {
				t.Fatal(err)
			}
			db.SetCaching(false)
		}
		if n := count(t, db, "SELECT count(*) FROM volumes WHERE vocab_pending"); n != 0 {
			t.Errorf("after %s: %d volumes pending", end, n)
		}
		if got, want := count(t, db, "SELECT count(*) FROM vocab"), count(t, ref, "SELECT count(*) FROM vocab"); got != want {
			t.Errorf("after %s: %d words in the vocabulary, want %d", end, got, want)
		}
		if err := db.Check(ctx); err != nil {
			t.Errorf("after %s: %v", end, err)
		}
		searchesAsWanted(db, "after "+end)
		db.Close()
	}
}
