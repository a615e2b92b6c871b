package sqlite

import (
	"context"
	"fmt"
)

// A run of many volumes is stored without the index of the postings by
// word, which is built again, in one sorted pass, when the run ends.
// Keeping that index up to date costs a write at a random place for every
// word of every volume: at full scale (760 volumes, 15 million postings
// rows) most of its pages are rewritten with each volume, and a run takes
// twice as long. Until the index is back, searches read every posting
// row, slowly but correctly.
const (
	// bulkMin is the fewest volumes a run must store to go without the
	// index…
	bulkMin = 16
	// …and a run must add at least a quarter of what is stored:
	// rebuilding the index reads all the postings.
	bulkShare = 4

	createWordIndex = "CREATE INDEX IF NOT EXISTS postings_word ON postings(word, first_row)"
)

// BeginBulk drops the index of the postings by word when a run of volumes
// is large enough to store faster without it (bulkMin, bulkShare).
func (s *DB) BeginBulk(ctx context.Context, volumes int) error {
	if s.readOnly || volumes < bulkMin {
		return nil
	}
	var stored int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM volumes").Scan(&stored); err != nil {
		return fmt.Errorf("begin a bulk run in %s: %w", s.path, s.explain(err))
	}
	if volumes*bulkShare < stored {
		return nil
	}
	s.write.Lock()
	defer s.write.Unlock()
	if _, err := s.db.ExecContext(ctx, "DROP INDEX IF EXISTS postings_word"); err != nil {
		return fmt.Errorf("begin a bulk run in %s: %w", s.path, s.explain(err))
	}
	return nil
}

// EndBulk builds the index of the postings by word if a bulk run dropped
// it. Open does the same for a run that never ended.
func (s *DB) EndBulk(ctx context.Context) error {
	if s.readOnly {
		return nil
	}
	s.write.Lock()
	defer s.write.Unlock()
	if _, err := s.db.ExecContext(ctx, createWordIndex); err != nil {
		return fmt.Errorf("index the postings of %s: %w", s.path, s.explain(err))
	}
	return nil
}
