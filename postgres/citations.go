package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/record"
)

// insertCitations stores a volume's citations, and the documents of
// those resolved.
func insertCitations(ctx context.Context, tx pgx.Tx, cs []chancery.Citation) error {
	if len(cs) == 0 {
		return nil
	}
	rows := make([][]any, len(cs))
	for i := range cs {
		rows[i] = record.CitationRow(&cs[i])
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"citations"}, strings.Split(record.CitationColumns, ", "), pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("insert citations: %w", err)
	}
	return insertCited(ctx, tx, cs)
}

// insertCited stores a row for each document a resolved citation leads to.
func insertCited(ctx context.Context, tx pgx.Tx, cs []chancery.Citation) error {
	var rows [][]any
	for _, c := range cs {
		for _, d := range c.Cited() {
			rows = append(rows, []any{c.ToVolume, d, c.Volume, c.Seq})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"cited"}, []string{"to_volume", "to_document", "volume", "seq"}, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("insert cited: %w", err)
	}
	return nil
}

// deleteCitations removes a volume's citations and marks those of other
// volumes that cite it pending: they are resolved again when it is next
// stored.
func deleteCitations(ctx context.Context, tx pgx.Tx, id string) error {
	for _, q := range []string{
		"DELETE FROM citations WHERE volume = $1",
		"DELETE FROM cited WHERE volume = $1 OR to_volume = $1",
		"UPDATE citations SET state = '" + chancery.CitePending + "', reason = '', kind = '', documents = '' WHERE to_volume = $1 AND volume <> $1",
	} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return fmt.Errorf("delete citations: %w", err)
		}
	}
	return nil
}

// Citations returns the citations a volume, or one of its documents,
// makes, in order.
func (db *DB) Citations(ctx context.Context, volume, document string) ([]chancery.Citation, error) {
	if document != "" {
		return db.citations(ctx, db.reads, "citations of "+volume+"/"+document,
			"SELECT "+record.CitationColumns+" FROM citations WHERE volume = $1 AND document = $2 ORDER BY seq", volume, document)
	}
	return db.citations(ctx, db.reads, "citations of "+volume, "SELECT "+record.CitationColumns+" FROM citations WHERE volume = $1 ORDER BY seq", volume)
}

// CitedBy returns the resolved citations of a document from every volume.
func (db *DB) CitedBy(ctx context.Context, volume, document string) ([]chancery.Citation, error) {
	return db.citations(ctx, db.reads, "citations of "+volume+"/"+document,
		"SELECT "+record.CitationColumnsOf("c")+" FROM cited k JOIN citations c ON c.volume = k.volume AND c.seq = k.seq WHERE k.to_volume = $1 AND k.to_document = $2 ORDER BY k.volume, k.seq",
		volume, document)
}

// PendingCitations returns the pending citations of volumes stored here,
// read from the primary: what is resolved is written there.
func (db *DB) PendingCitations(ctx context.Context) ([]chancery.Citation, error) {
	return db.citations(ctx, db.pool, "pending citations",
		"SELECT "+record.CitationColumns+" FROM citations WHERE state = '"+chancery.CitePending+"' AND to_volume IN (SELECT id FROM volumes) ORDER BY to_volume, volume, seq")
}

// querier is a pool, the primary's or the replica's.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func (db *DB) citations(ctx context.Context, q querier, what, query string, args ...any) (out []chancery.Citation, err error) {
	err = db.read(ctx, func() error {
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		out, err = record.ScanCitations(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// CitationCounts returns how often each cited document of a volume is
// cited, in the volume's order.
func (db *DB) CitationCounts(ctx context.Context, volume string) (out []chancery.CitationCount, err error) {
	err = db.read(ctx, func() error {
		rows, err := db.reads.Query(ctx, `SELECT k.to_document, count(*) FILTER (WHERE k.volume = k.to_volume), count(*) FILTER (WHERE k.volume <> k.to_volume)
			FROM cited k JOIN documents d ON d.volume = k.to_volume AND d.id = k.to_document
			WHERE k.to_volume = $1 GROUP BY k.to_document ORDER BY min(d.ordinal)`, volume)
		if err != nil {
			return err
		}
		defer rows.Close()
		out, err = record.ScanCitationCounts(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("citation counts of %s: %w", volume, err)
	}
	return out, nil
}

// ResolveCitations records what pending citations resolved to.
func (db *DB) ResolveCitations(ctx context.Context, cs []chancery.Citation) error {
	if len(cs) == 0 {
		return nil
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("resolve citations: %w", explain(err))
	}
	defer tx.Rollback(context.Background())
	var batch pgx.Batch
	for _, c := range cs {
		batch.Queue(`UPDATE citations SET state = $1, reason = $2, kind = $3, documents = $4
			WHERE volume = $5 AND seq = $6 AND to_volume = $7 AND state = '`+chancery.CitePending+`'`,
			c.State, c.Reason, c.Kind, strings.Join(c.Documents, " "), c.Volume, c.Seq, c.ToVolume)
	}
	results := tx.SendBatch(ctx, &batch)
	var done []chancery.Citation
	for _, c := range cs {
		tag, err := results.Exec()
		if err != nil {
			results.Close()
			return fmt.Errorf("resolve citations: %w", explain(err))
		}
		if tag.RowsAffected() == 1 {
			done = append(done, c)
		}
	}
	if err := results.Close(); err != nil {
		return fmt.Errorf("resolve citations: %w", explain(err))
	}
	if err := insertCited(ctx, tx, done); err != nil {
		return fmt.Errorf("resolve citations: %w", explain(err))
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return fmt.Errorf("resolve citations: %w", explain(err))
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("resolve citations: commit: %w", explain(err))
	}
	return nil
}

// EachCitation calls fn for every citation stored, by volume and place.
func (db *DB) EachCitation(ctx context.Context, fn func(chancery.Citation) error) error {
	rows, err := db.reads.Query(ctx, "SELECT "+record.CitationColumns+" FROM citations ORDER BY volume, seq")
	if err != nil {
		return fmt.Errorf("citations: %w", explain(err))
	}
	defer rows.Close()
	for rows.Next() {
		c, err := record.ScanCitation(rows)
		if err != nil {
			return fmt.Errorf("citations: %w", explain(err))
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("citations: %w", explain(err))
	}
	return nil
}
