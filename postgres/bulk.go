package postgres

import (
	"context"
	"fmt"
)

// A bulk run (ingest.BulkMin) ends by clustering the postings by word
// (CLUSTER … USING postings_pkey): stored volume after volume, a common
// word's rows lie on as many heap pages as there are volumes, and its
// first read reads them all; clustered, they are read in sequence. While
// it runs (about a minute at full scale) CLUSTER holds the table
// exclusively: searches on every node wait for it. A run that never ends
// leaves the postings as they are, which only costs speed.

// BeginBulk notes that a bulk run begins.
func (db *DB) BeginBulk(ctx context.Context) error {
	db.bulk.Store(true)
	return nil
}

// EndBulk clusters the postings by word after a bulk run, and gathers
// the planner's statistics of them.
func (db *DB) EndBulk(ctx context.Context) error {
	if !db.bulk.Swap(false) {
		return nil
	}
	for _, q := range []string{"CLUSTER postings USING postings_pkey", "ANALYZE postings"} {
		if _, err := db.pool.Exec(ctx, q); err != nil {
			return fmt.Errorf("cluster the postings: %w", explain(err))
		}
	}
	return nil
}
