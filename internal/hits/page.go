package hits

import (
	"database/sql"
	"fmt"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/record"
	"github.com/chancery-frus/chancery/search"
)

// PageColumns are the documents' columns PageHits reads, in order.
const PageColumns = "rowid, volume, id, n, title, doc_type, subtype, text_z"

// PageHits reads the documents of a page of matches from rows
// (PageColumns), cuts their snippets from their packed text and returns
// them in the page's order, each scored by score. Documents missing from
// rows — removed meanwhile — are left out.
func (m *Meta) PageHits(rows record.Rows, page []Scored, codec *record.Codec, scope string, hl *search.Highlight, score func(Scored) float64) ([]chancery.Hit, error) {
	byRow := map[int64]chancery.Hit{}
	for rows.Next() {
		var (
			row int64
			h   chancery.Hit
			// The packed text is only read until the next row: a
			// database/sql driver's bytes, not a copy of them.
			textZ sql.RawBytes
		)
		if err := rows.Scan(&row, &h.Volume, &h.Document, &h.N, &h.Title, &h.Type, &h.Subtype, &textZ); err != nil {
			return nil, err
		}
		text, notes, err := codec.UnpackText(textZ)
		if err != nil {
			return nil, fmt.Errorf("text of %s/%s: %w", h.Volume, h.Document, err)
		}
		h.VolumeTitle = m.VolumeTitle(h.Volume)
		h.Date = m.Date(row)
		h.Snippet = search.DocumentSnippet(text, notes, scope, hl)
		byRow[row] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]chancery.Hit, 0, len(page))
	for _, p := range page {
		if h, ok := byRow[p.Row]; ok {
			h.Score = score(p)
			out = append(out, h)
		}
	}
	return out, nil
}
