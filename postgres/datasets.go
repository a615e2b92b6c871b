package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/record"
)

// PutDataset stores a load of a reference dataset, replacing the older
// load of the same dataset in one statement.
func (s *DB) PutDataset(ctx context.Context, d *chancery.Dataset) error {
	row, err := s.codec.DatasetRow(d)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, record.DatasetUpsert(func(i int) string { return "$" + strconv.Itoa(i) }), row...)
	if err != nil {
		return fmt.Errorf("store dataset %s: %w", d.Name, explain(err))
	}
	return nil
}

// DatasetInfos lists the datasets loaded.
func (s *DB) DatasetInfos(ctx context.Context) (out []chancery.DatasetInfo, err error) {
	err = s.read(ctx, func() error {
		rows, err := s.reads.Query(ctx, "SELECT "+record.DatasetInfoColumns+" FROM datasets")
		if err != nil {
			return err
		}
		defer rows.Close()
		out, err = record.ScanDatasetInfos(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	return out, nil
}

// LoadDataset returns the stored load of a dataset.
func (s *DB) LoadDataset(ctx context.Context, name string) (*chancery.Dataset, error) {
	var rec []byte
	err := s.read(ctx, func() error {
		return s.reads.QueryRow(ctx, "SELECT record FROM datasets WHERE name = $1", name).Scan(&rec)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("dataset %s: %w", name, chancery.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("dataset %s: %w", name, err)
	}
	d := new(chancery.Dataset)
	if err := s.codec.Decode(rec, d); err != nil {
		return nil, fmt.Errorf("dataset %s: decode record: %w", name, err)
	}
	return d, nil
}
