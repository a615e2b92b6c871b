package sqlite

import (
	"context"
	"fmt"
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

// BeginBulk drops the index of the postings by word, for a run of many
// volumes (ingest.BulkMin), holding the bulk lock (bulkLock) until
// EndBulk. Two bulk runs in two processes take turns.
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
	s.bulk = lock
	return nil
}

// EndBulk rewrites the postings in word order and builds the index of
// them by word if a bulk run dropped it, then lets the bulk lock go.
func (s *DB) EndBulk(ctx context.Context) error {
	if s.readOnly {
		return nil
	}
	s.write.Lock()
	defer s.write.Unlock()
	defer func() { s.bulk.release(); s.bulk = bulkLock{} }()
	if err := s.finishBulk(ctx); err != nil {
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
	missing, err := s.wordIndexMissing(ctx)
	if err != nil || !missing {
		return err
	}
	lock, ok, err := lockBulk(s.path, false)
	if err != nil || !ok {
		return err // a run under way in another process
	}
	defer lock.release()
	s.write.Lock()
	defer s.write.Unlock()
	if err := s.finishBulk(ctx); err != nil {
		if _, err2 := s.db.ExecContext(ctx, "CREATE INDEX IF NOT EXISTS postings_word ON postings(word, first_row)"); err2 != nil {
			return fmt.Errorf("index the postings of %s: %w", s.path, s.explain(err))
		}
	}
	return nil
}

// wordIndexMissing reports whether the index of the postings by word is
// missing, as a bulk run leaves it.
func (s *DB) wordIndexMissing(ctx context.Context) (bool, error) {
	var indexed int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'postings_word'").Scan(&indexed)
	return indexed == 0, err
}

// finishBulk rewrites the postings in word order, with their indexes, if
// the index by word is missing. The caller holds the write mutex.
func (s *DB) finishBulk(ctx context.Context) error {
	missing, err := s.wordIndexMissing(ctx)
	if err != nil || !missing {
		return err
	}
	return s.clusterPostings(ctx)
}

// clusterPostings rewrites the postings table in word order, with its
// indexes, in one transaction.
func (s *DB) clusterPostings(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
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
	return tx.Commit()
}
