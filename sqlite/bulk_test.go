package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
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
// the vocabulary when the run ends, not before (the store suite's
// BulkRun shows that searches answer the same meanwhile), and those of a
// run that never ended when the store next opens.
func TestBulkVocabulary(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.BeginBulk(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.PutTestVolumes(t, db)
	if n := count(t, db, "SELECT count(*) FROM volumes WHERE vocab_pending"); n != len(storetest.TestVolumes) {
		t.Errorf("%d volumes pending during the run, want %d", n, len(storetest.TestVolumes))
	}
	if n := count(t, db, "SELECT count(*) FROM vocab"); n != 0 {
		t.Errorf("the vocabulary counts %d words during the run", n)
	}
	db.Close() // the run never ends
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db, "SELECT count(*) FROM volumes WHERE vocab_pending"); n != 0 {
		t.Errorf("after reopening: %d volumes pending", n)
	}
	if n := count(t, db, "SELECT count(*) FROM vocab"); n == 0 {
		t.Error("after reopening: an empty vocabulary")
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
	// A run that ends counts the words it kept as its volumes were
	// stored, without reading the postings back: the same vocabulary.
	ended, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ended.Close()
	if err := ended.BeginBulk(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.PutTestVolumes(t, ended)
	tx, err := ended.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	pending, err := pendingVolumes(ctx, tx)
	tx.Rollback()
	if err != nil || !ended.run.covers(pending) {
		t.Fatalf("the run's counts do not cover its volumes %v (%v)", pending, err)
	}
	if err := ended.EndBulk(ctx); err != nil {
		t.Fatal(err)
	}
	vocab := func(s *DB) string {
		t.Helper()
		var out strings.Builder
		rows, err := s.db.QueryContext(ctx, "SELECT word, stem, docs FROM vocab ORDER BY word")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var w, stem string
			var n int
			if err := rows.Scan(&w, &stem, &n); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&out, "%s %s %d\n", w, stem, n)
		}
		return out.String()
	}
	if got, want := vocab(ended), vocab(db); got != want {
		t.Errorf("the vocabulary counted at the run's end differs from the one counted from the postings")
	}
	if err := ended.Check(ctx); err != nil {
		t.Error(err)
	}
}
