package sqlite

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// docMeta holds, for every stored document, what search filters, facets
// and date order need, indexed by documents.rowid: matching documents are
// filtered and counted in memory, without a join per hit. It is rebuilt
// when the corpus changes.
type docMeta struct {
	gen      int64
	volumes  []string // volume ids; vol[] indexes this
	types    []string // document types; typ[] indexes this
	vol      []int32  // -1 where no document has the rowid
	typ      []uint8
	year     []int16
	dmin     []int64 // unix seconds; undated documents hold noDate
	dmax     []int64
	persons  []string // person names; personsOf indexes this
	personAt []int32  // personsOf for rowid r: persons[personAt[r]:personAt[r+1]]
	personIx []int32  // concatenated person indexes
	titles   map[string]string
}

const noDate = int64(1) << 62

type metaCache struct {
	mu sync.Mutex
	m  *docMeta
}

func (c *metaCache) get(ctx context.Context, s *DB, gen int64) (*docMeta, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m != nil && c.m.gen == gen {
		return c.m, nil
	}
	m, err := loadMeta(ctx, s, gen)
	if err != nil {
		return nil, fmt.Errorf("load document metadata: %w", err)
	}
	c.m = m
	return m, nil
}

func loadMeta(ctx context.Context, s *DB, gen int64) (*docMeta, error) {
	m := &docMeta{gen: gen, titles: map[string]string{}}
	var maxRow int64
	if err := s.db.QueryRowContext(ctx, "SELECT coalesce(max(rowid), 0) FROM documents").Scan(&maxRow); err != nil {
		return nil, err
	}
	n := int(maxRow) + 1
	m.vol = make([]int32, n)
	for i := range m.vol {
		m.vol[i] = -1
	}
	m.typ = make([]uint8, n)
	m.year = make([]int16, n)
	m.dmin = make([]int64, n)
	m.dmax = make([]int64, n)
	volIx, typIx := map[string]int32{}, map[string]uint8{}
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
		vi, ok := volIx[vol]
		if !ok {
			vi = int32(len(m.volumes))
			volIx[vol] = vi
			m.volumes = append(m.volumes, vol)
		}
		ti, ok := typIx[typ]
		if !ok {
			ti = uint8(len(m.types))
			typIx[typ] = ti
			m.types = append(m.types, typ)
		}
		m.vol[row], m.typ[row], m.year[row] = vi, ti, int16(year)
		m.dmin[row], m.dmax[row] = noDate, noDate
		if dmin != nil && dmax != nil {
			lo, err1 := time.Parse(timeFormat, *dmin)
			hi, err2 := time.Parse(timeFormat, *dmax)
			if err1 == nil && err2 == nil {
				m.dmin[row], m.dmax[row] = lo.Unix(), hi.Unix()
			}
		}
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
	nameIx := map[string]int32{}
	m.personAt = make([]int32, n+1)
	var last int64 = -1
	for prow.Next() {
		var (
			doc  int64
			name string
		)
		if err := prow.Scan(&doc, &name); err != nil {
			prow.Close()
			return nil, err
		}
		ix, ok := nameIx[name]
		if !ok {
			ix = int32(len(m.persons))
			nameIx[name] = ix
			m.persons = append(m.persons, name)
		}
		for r := last + 1; r <= doc && r < int64(n); r++ {
			m.personAt[r] = int32(len(m.personIx))
		}
		last = doc
		m.personIx = append(m.personIx, ix)
	}
	prow.Close()
	if err := prow.Err(); err != nil {
		return nil, err
	}
	for r := last + 1; r <= int64(n); r++ {
		m.personAt[r] = int32(len(m.personIx))
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
		m.titles[id] = title
	}
	return m, trows.Err()
}
