package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

// Search runs a search over the full-text index. One query to the index
// finds every matching document (with its BM25 score when ranking by
// relevance); filters, facets and date order work on the documents'
// metadata in memory; the page's documents are then read and their
// snippets cut.
func (s *DB) Search(ctx context.Context, req *chancery.SearchRequest) (*chancery.SearchResult, error) {
	if req.Query == nil || req.Query.Root == nil {
		return nil, errors.New("search: no query")
	}
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	v, err := s.vocab.get(ctx, s, gen)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	m, err := s.meta.get(ctx, s, gen)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	c := &compiler{v: v, scope: req.Query.Scope, hl: &search.Highlight{}}
	match := c.expr(req.Query.Root)
	keep := m.filter(req)
	relevance := req.Sort == "" || req.Sort == chancery.SortRelevance

	q := "SELECT rowid FROM search WHERE search MATCH ?"
	if relevance {
		q = "SELECT rowid, bm25(search, " + bm25Weights + ") FROM search WHERE search MATCH ?"
	}
	rows, err := s.db.QueryContext(ctx, q, match)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var hits []scored
	for rows.Next() {
		var h scored
		if relevance {
			err = rows.Scan(&h.row, &h.score)
		} else {
			err = rows.Scan(&h.row)
		}
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("search: %w", err)
		}
		if keep(h.row) {
			hits = append(hits, h)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}

	res := &chancery.SearchResult{Total: len(hits), Hits: []chancery.Hit{}}
	if req.Facets {
		res.Facets = m.facets(hits)
	}
	if req.Limit <= 0 || req.Offset >= len(hits) {
		return res, nil
	}
	desc := req.Sort == chancery.SortDateDesc
	page := topK(hits, req.Offset+req.Limit, func(a, b scored) bool {
		if relevance {
			if a.score != b.score {
				return a.score < b.score // bm25() is lower for better matches
			}
			return a.row < b.row
		}
		return m.before(a.row, b.row, desc)
	})[req.Offset:]
	if err := s.hitDetails(ctx, m, page, c.hl, req.Query.Scope, res); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

// scored is a matching document and its BM25 score.
type scored struct {
	row   int64
	score float64
}

// topK returns the first k of hits in the order less, sorted, keeping a
// bounded heap rather than sorting every hit.
func topK(hits []scored, k int, less func(a, b scored) bool) []scored {
	if k >= len(hits) {
		sort.Slice(hits, func(i, j int) bool { return less(hits[i], hits[j]) })
		return hits
	}
	h := make([]scored, 0, k) // a max-heap: the worst kept is h[0]
	for _, x := range hits {
		if len(h) < k {
			h = append(h, x)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !less(h[p], h[i]) {
					break
				}
				h[p], h[i] = h[i], h[p]
				i = p
			}
			continue
		}
		if !less(x, h[0]) {
			continue
		}
		h[0] = x
		for i := 0; ; {
			l, worst := 2*i+1, i
			if l < len(h) && less(h[worst], h[l]) {
				worst = l
			}
			if r := l + 1; r < len(h) && less(h[worst], h[r]) {
				worst = r
			}
			if worst == i {
				break
			}
			h[i], h[worst] = h[worst], h[i]
			i = worst
		}
	}
	sort.Slice(h, func(i, j int) bool { return less(h[i], h[j]) })
	return h
}

// hitDetails reads the page's documents and cuts their snippets.
func (s *DB) hitDetails(ctx context.Context, m *docMeta, page []scored, hl *search.Highlight, scope string, res *chancery.SearchResult) error {
	args := make([]any, len(page))
	for i, h := range page {
		args[i] = h.row
	}
	// The notes are read only when a snippet must come from them.
	notesCol := "''"
	if scope == query.ScopeNotes {
		notesCol = "s.notes"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT d.rowid, d.volume, d.id, d.n, d.title, d.doc_type, d.subtype, s.text, `+notesCol+`
		FROM documents d JOIN search s ON s.rowid = d.rowid WHERE d.rowid IN (`+placeholders(len(page))+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	byRow := map[int64]chancery.Hit{}
	for rows.Next() {
		var (
			row         int64
			h           chancery.Hit
			text, notes string
		)
		if err := rows.Scan(&row, &h.Volume, &h.Document, &h.N, &h.Title, &h.Type, &h.Subtype, &text, &notes); err != nil {
			return err
		}
		h.VolumeTitle = m.titles[h.Volume]
		if m.dmin[row] != noDate {
			h.Date = &chancery.Interval{Min: time.Unix(m.dmin[row], 0).UTC(), Max: time.Unix(m.dmax[row], 0).UTC()}
		}
		var found bool
		if scope != query.ScopeNotes {
			h.Snippet, found = search.Snippet(text, hl)
		}
		if !found && scope != query.ScopeNotes {
			notes = s.notesOf(ctx, row)
		}
		if !found && notes != "" {
			if parts, ok := search.Snippet(notes, hl); ok || scope == query.ScopeNotes {
				h.Snippet = parts
			}
		}
		byRow[row] = h
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range page {
		h, ok := byRow[p.row]
		if !ok {
			continue // removed meanwhile
		}
		h.Score = -p.score
		if h.Snippet == nil {
			h.Snippet = []chancery.SnippetPart{}
		}
		res.Hits = append(res.Hits, h)
	}
	return nil
}

// filter returns the test a matching document must pass.
func (m *docMeta) filter(req *chancery.SearchRequest) func(row int64) bool {
	var vols []bool
	if len(req.Volumes) > 0 {
		vols = make([]bool, len(m.volumes))
		for _, want := range req.Volumes {
			for i, v := range m.volumes {
				if v == want {
					vols[i] = true
				}
			}
		}
	}
	var types []bool
	if len(req.Types) > 0 || req.Kind != "" {
		types = make([]bool, len(m.types))
		for i, t := range m.types {
			ok := len(req.Types) == 0
			for _, want := range req.Types {
				ok = ok || t == want
			}
			switch req.Kind {
			case chancery.KindEditorial:
				ok = ok && t == chancery.TypeEditorialNote
			case chancery.KindHistorical:
				ok = ok && t != chancery.TypeEditorialNote
			}
			types[i] = ok
		}
	}
	dated := !req.From.IsZero() || !req.To.IsZero()
	from, to := int64(-1<<62), int64(1<<62)-1
	if !req.From.IsZero() {
		from = req.From.Unix()
	}
	if !req.To.IsZero() {
		to = req.To.Unix()
	}
	return func(row int64) bool {
		if row <= 0 || row >= int64(len(m.vol)) || m.vol[row] < 0 {
			return false
		}
		if vols != nil && !vols[m.vol[row]] {
			return false
		}
		if types != nil && !types[m.typ[row]] {
			return false
		}
		if dated && (m.dmin[row] == noDate || m.dmin[row] < from || m.dmax[row] > to) {
			return false
		}
		return true
	}
}

// before orders two documents by date, undated last.
func (m *docMeta) before(a, b int64, desc bool) bool {
	if m.dmin[a] != m.dmin[b] {
		if m.dmin[a] == noDate || m.dmin[b] == noDate {
			return m.dmin[b] == noDate
		}
		return (m.dmin[a] < m.dmin[b]) != desc
	}
	if m.dmax[a] != m.dmax[b] {
		return (m.dmax[a] < m.dmax[b]) != desc
	}
	return a < b
}

// facets counts the hits by volume, year, decade, type and person.
func (m *docMeta) facets(hits []scored) *chancery.Facets {
	vols := make([]int, len(m.volumes))
	types := make([]int, len(m.types))
	years := map[int16]int{}
	persons := map[int32]int{}
	for _, h := range hits {
		vols[m.vol[h.row]]++
		types[m.typ[h.row]]++
		if y := m.year[h.row]; y > 0 {
			years[y]++
		}
		for _, p := range m.personsOf(h.row) {
			persons[p]++
		}
	}
	f := &chancery.Facets{Volumes: []chancery.FacetCount{}, Types: []chancery.FacetCount{}, Persons: []chancery.FacetCount{}}
	for i, n := range vols {
		if n > 0 {
			f.Volumes = append(f.Volumes, chancery.FacetCount{Value: m.volumes[i], Label: m.titles[m.volumes[i]], Count: n})
		}
	}
	for i, n := range types {
		if n > 0 {
			f.Types = append(f.Types, chancery.FacetCount{Value: m.types[i], Label: chancery.TypeLabel(m.types[i]), Count: n})
		}
	}
	decades, yearCounts := map[string]int{}, map[string]int{}
	for y, n := range years {
		yearCounts[strconv.Itoa(int(y))] += n
		decades[strconv.Itoa(int(y)/10*10)+"s"] += n
	}
	f.Years, f.Decades = byValue(yearCounts), byValue(decades)
	sortByCount(f.Volumes)
	sortByCount(f.Types)
	for p, n := range persons {
		f.Persons = append(f.Persons, chancery.FacetCount{Value: m.persons[p], Count: n})
	}
	sortByCount(f.Persons)
	if len(f.Persons) > 10 {
		f.Persons = f.Persons[:10]
	}
	return f
}

func sortByCount(cs []chancery.FacetCount) {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Count != cs[j].Count {
			return cs[i].Count > cs[j].Count
		}
		return cs[i].Value < cs[j].Value
	})
}

// notesOf reads the indexed notes of one document, for a snippet.
func (s *DB) notesOf(ctx context.Context, row int64) string {
	var notes string
	s.db.QueryRowContext(ctx, "SELECT notes FROM search WHERE rowid = ?", row).Scan(&notes)
	return notes
}
