package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/chancery-frus/chancery/internal/engine"
	"github.com/chancery-frus/chancery/internal/hits"
)

// A run of many volumes is stored without the index of the postings by
// word; when the run ends, the postings are rewritten in word order and
// the index built again, in sorted passes. Keeping that index up to date
// costs a write at a random place for every word of every volume: at full
// scale (760 volumes, 8.4 million postings rows) most of its pages are
// rewritten with each volume, and a run takes twice as long. And postings
// stored volume after volume leave each word's rows spread over the whole
// file, so that reading a common word's 760 rows reads as many pages;
// rewritten in word order they are read in sequence (the first searches
// of the built-in set at full scale: median 21.6 → 4.8 ms). Until the
// index is back, searches read every posting row, slowly but correctly.
const createWordIndex = "CREATE INDEX postings_word ON postings(word, first_row)"

// The words of a bulk run's volumes are counted in the vocabulary only
// when it ends (migration 7): counting each volume's as it came touched
// most of the vocabulary's pages with every volume, which at full scale
// (745,000 words) cost a fifth of the run.

// BeginBulk drops the index of the postings by word, for a run of many
// volumes (ingest.BulkMin), holding the bulk lock (bulkLock) until
// EndBulk. Until then the volumes it stores are marked vocab_pending.
// Two bulk runs in two processes take turns.
func (s *DB) BeginBulk(ctx context.Context) error {
	if s.readOnly {
		return nil
	}
	lock, _, err := lockBulk(s.path, true)
	if err != nil {
		return fmt.Errorf("begin a bulk run in %s: %w", s.path, err)
	}
	s.write.Lock()
	defer s.write.Unlock()
	if _, err := s.db.ExecContext(ctx, "DROP INDEX IF EXISTS postings_word"); err != nil {
		lock.release()
		return fmt.Errorf("begin a bulk run in %s: %w", s.path, s.explain(err))
	}
	s.bulk, s.bulking, s.run = lock, true, newRunWords()
	return nil
}

// EndBulk rewrites the postings in word order and builds the index of
// them by word if a bulk run dropped it, counts the run's words in the
// vocabulary, then lets the bulk lock go.
func (s *DB) EndBulk(ctx context.Context) error {
	if s.readOnly {
		return nil
	}
	s.write.Lock()
	defer s.write.Unlock()
	defer func() { s.bulk.release(); s.bulk, s.bulking, s.run = bulkLock{}, false, nil }()
	if err := s.finishBulk(ctx, true, s.run); err != nil {
		return fmt.Errorf("index the postings of %s: %w", s.path, s.explain(err))
	}
	return nil
}

// recoverBulk, at a writable open, finishes what a bulk run that never
// ended left undone — unless a run in another process holds the bulk
// lock, which will. Should the rewrite fail (no room for a second copy
// of the postings), the index alone is built, so that the database stays
// fast to search and room can be made.
func (s *DB) recoverBulk(ctx context.Context) error {
	unfinished, err := bulkUnfinished(ctx, s.db)
	if err != nil || !unfinished {
		return err
	}
	lock, ok, err := lockBulk(s.path, false)
	if err != nil || !ok {
		return err // a run under way in another process
	}
	defer lock.release()
	s.write.Lock()
	defer s.write.Unlock()
	if err := s.finishBulk(ctx, true, nil); err != nil {
		if err2 := s.finishBulk(ctx, false, nil); err2 != nil {
			return fmt.Errorf("index the postings of %s: %w", s.path, s.explain(err))
		}
	}
	return nil
}

// bulkUnfinished reports whether a bulk run left work undone: the index
// of the postings by word missing, or volumes whose words the vocabulary
// does not count yet.
func bulkUnfinished(ctx context.Context, db *sql.DB) (bool, error) {
	var unfinished bool
	err := db.QueryRowContext(ctx, "SELECT NOT "+wordIndexed+" OR "+anyPending).Scan(&unfinished)
	return unfinished, err
}

// wordIndexed is an SQL condition: the index of the postings by word
// exists.
const wordIndexed = "EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'postings_word')"

// anyPending is an SQL condition: some volume's words are not counted in
// the vocabulary yet (vocab_pending). The query of their words
// (pendingWords) reads every posting, so it runs only then.
const anyPending = "EXISTS (SELECT 1 FROM volumes WHERE vocab_pending)"

// finishBulk does in one transaction what a bulk run leaves to its end:
// if the index of the postings by word is missing, it rewrites the
// postings in word order with their indexes (or, unless rewrite is set,
// builds the index alone, which needs no room for a second copy); then
// it counts the words of the volumes marked vocab_pending in the
// vocabulary. The caller holds the write mutex.
func (s *DB) finishBulk(ctx context.Context, rewrite bool, run *runWords) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var indexed bool
	if err := tx.QueryRowContext(ctx, "SELECT "+wordIndexed).Scan(&indexed); err != nil {
		return err
	}
	switch {
	case indexed:
	case rewrite:
		err = clusterPostings(ctx, tx)
	default:
		_, err = tx.ExecContext(ctx, createWordIndex)
	}
	if err != nil {
		return err
	}
	if err := countPending(ctx, tx, run); err != nil {
		return err
	}
	return tx.Commit()
}

// pendingWords is the query of the words of the volumes marked
// vocab_pending, with the documents that hold them, in word order. It
// reads the postings in word order (by postings_word; +volume keeps
// SQLite from reading them by volume and sorting them all, 4× slower at
// the end of a run).
const pendingWords = "SELECT word, sum(docs) FROM postings WHERE +volume IN (SELECT id FROM volumes WHERE vocab_pending) AND word NOT LIKE '" + engine.PairLike + "' GROUP BY word ORDER BY word"

// countPending counts the words of the volumes marked vocab_pending, if
// any, in the vocabulary, in one pass in word order: from run, the words
// of this process's bulk run, if they are those of every pending volume,
// else from the postings.
func countPending(ctx context.Context, tx *sql.Tx, run *runWords) error {
	pending, err := pendingVolumes(ctx, tx)
	if err != nil || len(pending) == 0 {
		return err
	}
	if run.covers(pending) {
		err = run.count(ctx, tx)
	} else {
		_, err = tx.ExecContext(ctx, "INSERT INTO vocab (word, docs) "+pendingWords+" ON CONFLICT (word) DO UPDATE SET docs = vocab.docs + excluded.docs")
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, "UPDATE volumes SET vocab_pending = 0 WHERE vocab_pending")
	}
	if err != nil {
		return fmt.Errorf("count the words of a bulk run: %w", err)
	}
	return stemNewWords(ctx, tx)
}

// pendingVolumes returns the volumes marked vocab_pending.
func pendingVolumes(ctx context.Context, tx *sql.Tx) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM volumes WHERE vocab_pending")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rows.Err()
}

// runWords counts, by word, the documents of the volumes a bulk run
// stores, as they are committed, so that the run's end counts them in the
// vocabulary without reading every posting back (13 s of the 76 s the end
// of a full-scale run took). It holds some 50 MB at full scale.
type runWords struct {
	docs    map[string]int
	volumes map[string]bool
	lost    bool // a volume of the run was removed: its words cannot be taken out
}

func newRunWords() *runWords {
	return &runWords{docs: map[string]int{}, volumes: map[string]bool{}}
}

// add counts the words (not the pairs, engine.IsPair) of a volume stored.
func (r *runWords) add(volume string, vp *engine.Postings) {
	if r == nil || r.lost {
		return
	}
	for _, w := range vp.Words() {
		if !engine.IsPair(w) {
			r.docs[w] += vp.Docs(w)
		}
	}
	r.volumes[volume] = true
}

// forget gives up the counts: a pending volume is being removed.
func (r *runWords) forget() {
	if r != nil {
		r.lost, r.docs, r.volumes = true, nil, nil
	}
}

// covers reports whether r counts the words of exactly the volumes
// pending, and no others.
func (r *runWords) covers(pending map[string]bool) bool {
	if r == nil || r.lost || len(r.volumes) != len(pending) {
		return false
	}
	for id := range pending {
		if !r.volumes[id] {
			return false
		}
	}
	return true
}

// count adds r's counts to the vocabulary, in word order, each word with
// its stem (which a word already counted keeps).
func (r *runWords) count(ctx context.Context, tx *sql.Tx) error {
	words := make([]string, 0, len(r.docs))
	for w := range r.docs {
		words = append(words, w)
	}
	slices.Sort(words)
	vocab := newBatch(ctx, tx, "INSERT INTO vocab (word, stem, docs) VALUES ", 3, " ON CONFLICT (word) DO UPDATE SET docs = vocab.docs + excluded.docs")
	for _, w := range words {
		vocab.add(w, hits.Stem(w), r.docs[w])
	}
	return vocab.close()
}

// clusterPostings rewrites the postings table in word order, with its
// indexes.
func clusterPostings(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{
		`CREATE TABLE postings_sorted (
			word      TEXT NOT NULL,
			volume    TEXT NOT NULL,
			docs      INTEGER NOT NULL,
			first_row INTEGER NOT NULL,
			data      BLOB NOT NULL
		)`,
		"INSERT INTO postings_sorted (word, volume, docs, first_row, data) SELECT word, volume, docs, first_row, data FROM postings ORDER BY word, first_row",
		"DROP TABLE postings",
		"ALTER TABLE postings_sorted RENAME TO postings",
		createWordIndex,
		"CREATE INDEX postings_volume ON postings(volume)",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
