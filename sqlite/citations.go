package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/record"
)

// insertCitations stores a volume's citations, and the documents of
// those resolved.
func insertCitations(ctx context.Context, tx *sql.Tx, cs []chancery.Citation) error {
	b := newBatch(ctx, tx, "INSERT INTO citations ("+record.CitationColumns+") VALUES ", record.CitationColumnCount, "")
	for i := range cs {
		b.add(record.CitationRow(&cs[i])...)
	}
	if err := b.close(); err != nil {
		return fmt.Errorf("insert citations: %w", err)
	}
	return insertCited(ctx, tx, cs)
}

// insertCited stores a row for each document a resolved citation leads to.
func insertCited(ctx context.Context, tx *sql.Tx, cs []chancery.Citation) error {
	b := newBatch(ctx, tx, "INSERT OR IGNORE INTO cited (to_volume, to_document, volume, seq) VALUES ", 4, "")
	for _, c := range cs {
		for _, d := range c.Cited() {
			b.add(c.ToVolume, d, c.Volume, c.Seq)
		}
	}
	if err := b.close(); err != nil {
		return fmt.Errorf("insert cited: %w", err)
	}
	return nil
}

// deleteCitations removes a volume's citations and marks those of other
// volumes that cite it pending: they are resolved again when it is next
// stored.
func deleteCitations(ctx context.Context, tx *sql.Tx, id string) error {
	for _, q := range []string{
		"DELETE FROM citations WHERE volume = ?1",
		"DELETE FROM cited WHERE volume = ?1",
		"DELETE FROM cited WHERE to_volume = ?1",
		"UPDATE citations SET state = '" + chancery.CitePending + "', reason = '', kind = '', documents = '' WHERE to_volume = ?1 AND volume <> ?1",
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("delete citations: %w", err)
		}
	}
	return nil
}

// Citations returns the citations a volume, or one of its documents,
// makes, in order.
func (s *DB) Citations(ctx context.Context, volume, document string) ([]chancery.Citation, error) {
	if document != "" {
		return s.citations(ctx, "citations of "+volume+"/"+document,
			"SELECT "+record.CitationColumns+" FROM citations WHERE volume = ? AND document = ? ORDER BY seq", volume, document)
	}
	return s.citations(ctx, "citations of "+volume, "SELECT "+record.CitationColumns+" FROM citations WHERE volume = ? ORDER BY seq", volume)
}

// CitedBy returns the resolved citations of a document from every volume.
func (s *DB) CitedBy(ctx context.Context, volume, document string) ([]chancery.Citation, error) {
	return s.citations(ctx, "citations of "+volume+"/"+document,
		"SELECT "+record.CitationColumnsOf("c")+" FROM cited k JOIN citations c ON c.volume = k.volume AND c.seq = k.seq WHERE k.to_volume = ? AND k.to_document = ? ORDER BY k.volume, k.seq",
		volume, document)
}

// PendingCitations returns the pending citations of volumes stored here.
func (s *DB) PendingCitations(ctx context.Context) ([]chancery.Citation, error) {
	return s.citations(ctx, "pending citations",
		"SELECT "+record.CitationColumns+" FROM citations WHERE state = '"+chancery.CitePending+"' AND to_volume IN (SELECT id FROM volumes) ORDER BY to_volume, volume, seq")
}

func (s *DB) citations(ctx context.Context, what, query string, args ...any) ([]chancery.Citation, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, s.explain(err))
	}
	defer rows.Close()
	out, err := record.ScanCitations(rows)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, s.explain(err))
	}
	return out, nil
}

// CitationCounts returns how often each cited document of a volume is
// cited, in the volume's order.
func (s *DB) CitationCounts(ctx context.Context, volume string) ([]chancery.CitationCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT k.to_document, sum(k.volume = k.to_volume), sum(k.volume <> k.to_volume)
		FROM cited k JOIN documents d ON d.volume = k.to_volume AND d.id = k.to_document
		WHERE k.to_volume = ? GROUP BY k.to_document ORDER BY min(d.ordinal)`, volume)
	if err != nil {
		return nil, fmt.Errorf("citation counts of %s: %w", volume, s.explain(err))
	}
	defer rows.Close()
	out, err := record.ScanCitationCounts(rows)
	if err != nil {
		return nil, fmt.Errorf("citation counts of %s: %w", volume, s.explain(err))
	}
	return out, nil
}

// ResolveCitations records what pending citations resolved to.
func (s *DB) ResolveCitations(ctx context.Context, cs []chancery.Citation) error {
	if len(cs) == 0 {
		return nil
	}
	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("resolve citations: %w", s.explain(err))
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `UPDATE citations SET state = ?, reason = ?, kind = ?, documents = ?
		WHERE volume = ? AND seq = ? AND to_volume = ? AND state = '`+chancery.CitePending+`'`)
	if err != nil {
		return fmt.Errorf("resolve citations: %w", s.explain(err))
	}
	defer stmt.Close()
	var done []chancery.Citation
	for _, c := range cs {
		res, err := stmt.ExecContext(ctx, c.State, c.Reason, c.Kind, strings.Join(c.Documents, " "), c.Volume, c.Seq, c.ToVolume)
		if err != nil {
			return fmt.Errorf("resolve citations: %w", s.explain(err))
		}
		if n, _ := res.RowsAffected(); n == 1 {
			done = append(done, c)
		}
	}
	if err := insertCited(ctx, tx, done); err != nil {
		return fmt.Errorf("resolve citations: %w", s.explain(err))
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return fmt.Errorf("resolve citations: %w", s.explain(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("resolve citations: commit: %w", s.explain(err))
	}
	s.invalidateGeneration()
	return nil
}

// EachCitation calls fn for every citation stored, by volume and place.
func (s *DB) EachCitation(ctx context.Context, fn func(chancery.Citation) error) error {
	rows, err := s.db.QueryContext(ctx, "SELECT "+record.CitationColumns+" FROM citations ORDER BY volume, seq")
	if err != nil {
		return fmt.Errorf("citations: %w", s.explain(err))
	}
	defer rows.Close()
	for rows.Next() {
		c, err := record.ScanCitation(rows)
		if err != nil {
			return fmt.Errorf("citations: %w", s.explain(err))
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("citations: %w", s.explain(err))
	}
	return nil
}
