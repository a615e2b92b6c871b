package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/record"
)

// insertPeople stores the persons of a volume's documents.
func insertPeople(ctx context.Context, tx pgx.Tx, ps []chancery.DocumentPerson) error {
	rows := make([][]any, len(ps))
	for i := range ps {
		rows[i] = record.PersonRow(&ps[i])
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"document_people"}, strings.Split(record.PeopleColumns, ", "), pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("insert the persons of the documents: %w", err)
	}
	return nil
}

// PutPeople replaces the persons of a stored volume's documents.
func (s *DB) PutPeople(ctx context.Context, volume string, ps []chancery.DocumentPerson) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("persons of %s: %w", volume, explain(err))
	}
	defer tx.Rollback(ctx)
	var n int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM volumes WHERE id = $1", volume).Scan(&n); err != nil {
		return fmt.Errorf("persons of %s: %w", volume, explain(err))
	}
	if n == 0 {
		return fmt.Errorf("persons of %s: %w", volume, chancery.ErrNotFound)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM document_people WHERE volume = $1", volume); err != nil {
		return fmt.Errorf("persons of %s: %w", volume, explain(err))
	}
	if err := insertPeople(ctx, tx, ps); err != nil {
		return fmt.Errorf("persons of %s: %w", volume, explain(err))
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("persons of %s: %w", volume, explain(err))
	}
	return nil
}

// PersonDocuments returns where a person appears.
func (s *DB) PersonDocuments(ctx context.Context, person string) ([]chancery.DocumentPerson, error) {
	return s.people(ctx, "documents of "+person, "SELECT "+record.PeopleColumns+" FROM document_people WHERE person = $1 "+record.PersonOrder, person)
}

// CoParticipants returns the participants of the memoranda a person took
// part in.
func (s *DB) CoParticipants(ctx context.Context, person string) ([]chancery.DocumentPerson, error) {
	return s.people(ctx, "participants with "+person, record.CoPeopleQuery("$1"), person)
}

// people runs a query of rows of PeopleColumns, again while the database
// restarts.
func (s *DB) people(ctx context.Context, what, query string, args ...any) (out []chancery.DocumentPerson, err error) {
	err = s.read(ctx, func() error {
		rows, err := s.reads.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		out, err = record.ScanPeople(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
