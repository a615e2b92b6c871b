package sqlite

import (
	"context"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/hits"
)

func loadMeta(ctx context.Context, s *DB) (*hits.Meta, error) {
	var maxRow int64
	if err := s.db.QueryRowContext(ctx, "SELECT coalesce(max(rowid), 0) FROM documents").Scan(&maxRow); err != nil {
		return nil, err
	}
	m := hits.NewMeta(maxRow)
	rows, err := s.db.QueryContext(ctx, "SELECT rowid, volume, doc_type, year, date_min, date_max FROM documents")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var (
			row        int64
			vol, typ   string
			year       int
			dmin, dmax *string
		)
		if err := rows.Scan(&row, &vol, &typ, &year, &dmin, &dmax); err != nil {
			rows.Close()
			return nil, err
		}
		var date *chancery.Interval
		if dmin != nil && dmax != nil {
			lo, err1 := time.Parse(timeFormat, *dmin)
			hi, err2 := time.Parse(timeFormat, *dmax)
			if err1 == nil && err2 == nil {
				date = &chancery.Interval{Min: lo, Max: hi}
			}
		}
		m.SetDocument(row, vol, typ, year, date)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Persons, grouped by document.
	prow, err := s.db.QueryContext(ctx, "SELECT doc, name FROM doc_persons ORDER BY doc")
	if err != nil {
		return nil, err
	}
	for prow.Next() {
		var (
			doc  int64
			name string
		)
		if err := prow.Scan(&doc, &name); err != nil {
			prow.Close()
			return nil, err
		}
		m.AddPerson(doc, name)
	}
	prow.Close()
	if err := prow.Err(); err != nil {
		return nil, err
	}
	trows, err := s.db.QueryContext(ctx, "SELECT id, title FROM volumes")
	if err != nil {
		return nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var id, title string
		if err := trows.Scan(&id, &title); err != nil {
			return nil, err
		}
		m.SetVolumeTitle(id, title)
	}
	return m.Done(), trows.Err()
}
