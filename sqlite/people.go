package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/record"
)

// insertPeople stores the persons of a volume's documents.
func insertPeople(ctx context.Context, tx *sql.Tx, ps []chancery.DocumentPerson) error {
	b := newBatch(ctx, tx, "INSERT INTO document_people ("+record.PeopleColumns+") VALUES ", record.PeopleColumnCount, "")
	for i := range ps {
		b.add(record.PersonRow(&ps[i])...)
	}
	if err := b.close(); err != nil {
		return fmt.Errorf("insert the persons of the documents: %w", err)
	}
	return nil
}

// PutPeople replaces the persons of a stored volume's documents.
func (s *DB) PutPeople(ctx context.Context, volume string, ps []chancery.DocumentPerson) error {
	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("persons of %s: %w", volume, s.explain(err))
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM volumes WHERE id = ?", volume).Scan(&n); err != nil {
		return fmt.Errorf("persons of %s: %w", volume, s.explain(err))
	}
	if n == 0 {
		return fmt.Errorf("persons of %s: %w", volume, chancery.ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM document_people WHERE volume = ?", volume); err != nil {
		return fmt.Errorf("persons of %s: %w", volume, s.explain(err))
	}
	if err := insertPeople(ctx, tx, ps); err != nil {
		return fmt.Errorf("persons of %s: %w", volume, s.explain(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("persons of %s: %w", volume, s.explain(err))
	}
	return nil
}

// PersonDocuments returns where a person appears.
func (s *DB) PersonDocuments(ctx context.Context, person string) ([]chancery.DocumentPerson, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+record.PeopleColumns+" FROM document_people WHERE person = ? "+record.PersonOrder, person)
	if err != nil {
		return nil, fmt.Errorf("documents of %s: %w", person, s.explain(err))
	}
	defer rows.Close()
	out, err := record.ScanPeople(rows)
	if err != nil {
		return nil, fmt.Errorf("documents of %s: %w", person, s.explain(err))
	}
	return out, nil
}

// CoParticipants returns the participants of the memoranda a person took
// part in.
func (s *DB) CoParticipants(ctx context.Context, person string) ([]chancery.DocumentPerson, error) {
	rows, err := s.db.QueryContext(ctx, record.CoPeopleQuery("?"), person)
	if err != nil {
		return nil, fmt.Errorf("participants with %s: %w", person, s.explain(err))
	}
	defer rows.Close()
	out, err := record.ScanPeople(rows)
	if err != nil {
		return nil, fmt.Errorf("participants with %s: %w", person, s.explain(err))
	}
	return out, nil
}
