package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
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

	all, err := s.matches(ctx, gen, match, relevance)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits := all // shared with the cache: read only
	if !unfiltered(req) {
		hits = make([]scored, 0, len(all))
		for _, h := range all {
			if keep(h.row) {
				hits = append(hits, h)
			}
		}
	}

	res := &chancery.SearchResult{Total: len(hits), Hits: []chancery.Hit{}}
	if req.Facets {
		res.Facets = m.facets(hits)
	}
	if req.Limit <= 0 || req.Offset >= len(hits) {
		return res, nil
	}
	desc := req.Sort == chancery.SortDateDesc
	var bonus map[int64]float64
	if relevance {
		if bonus, err = s.titleBonus(ctx, req.Query); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	page := topK(hits, req.Offset+req.Limit, func(a, b scored) bool {
		if relevance {
			sa, sb := a.score-bonus[a.row], b.score-bonus[b.row]
			if sa != sb {
				return sa < sb // bm25() is lower for better matches
			}
			return a.row < b.row
		}
		return m.before(a.row, b.row, desc)
	})[req.Offset:]
	for i := range page {
		page[i].score -= bonus[page[i].row]
	}
	if err := s.hitDetails(ctx, m, page, c.hl, req.Query.Scope, res); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

// Title bonuses, added to BM25 scores: a document whose title is the
// query comes first, one whose title holds the query as a phrase next.
const (
	exactTitleBonus  = 2000
	phraseTitleBonus = 1000
)

// titleBonus finds the documents whose title holds the words of a plain
// query (words and phrases, without operators or fields) in sequence,
// so that a known item asked for by its title comes first.
func (s *DB) titleBonus(ctx context.Context, q *query.Query) (map[int64]float64, error) {
	words := query.PlainWords(q.Root)
	if len(words) < 2 || q.Scope == query.ScopeNotes {
		return nil, nil
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = quote(w)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT d.rowid, d.title FROM search JOIN documents d ON d.rowid = search.rowid
		WHERE search MATCH ? LIMIT 100`,
		"{title} : ("+strings.Join(quoted, " + ")+")")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	bonus := map[int64]float64{}
	want := strings.Join(words, " ")
	for rows.Next() {
		var (
			row   int64
			title string
		)
		if err := rows.Scan(&row, &title); err != nil {
			return nil, err
		}
		bonus[row] = phraseTitleBonus
		if strings.Join(query.Words(title), " ") == want {
			bonus[row] = exactTitleBonus
		}
	}
	return bonus, rows.Err()
}

// matches returns every document matching an FTS5 expression, with BM25
// scores when ranked, from the cache or the index.
func (s *DB) matches(ctx context.Context, gen int64, match string, ranked bool) ([]scored, error) {
	key := "r:" + match
	if hits, ok := s.cache.get(gen, key); ok {
		return hits, nil
	}
	if !ranked {
		key = "d:" + match
		if hits, ok := s.cache.get(gen, key); ok {
			return hits, nil
		}
	}
	start := time.Now()
	if hits, ok := s.hotHits(ctx, gen, match); ok {
		s.cache.put(gen, "r:"+match, hits, time.Since(start))
		return hits, nil
	}
	hits, err := s.evaluate(ctx, match, ranked)
	if err != nil {
		return nil, err
	}
	s.cache.put(gen, key, hits, time.Since(start))
	return hits, nil
}

// evaluate reads every match of an FTS5 expression from the index, with
// BM25 scores when ranked.
func (s *DB) evaluate(ctx context.Context, match string, ranked bool) ([]scored, error) {
	q := "SELECT rowid FROM search WHERE search MATCH ?"
	if ranked {
		q = "SELECT rowid, bm25(search, " + bm25Weights + ") FROM search WHERE search MATCH ?"
	}
	rows, err := s.db.QueryContext(ctx, q, match)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []scored
	for rows.Next() {
		var h scored
		if ranked {
			err = rows.Scan(&h.row, &h.score)
		} else {
			err = rows.Scan(&h.row)
		}
		if err != nil {
			return nil, err
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
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
		out := append([]scored(nil), hits...)
		sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
		return out
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
	rows, err := s.db.QueryContext(ctx, `SELECT d.rowid, d.volume, d.id, d.n, d.title, d.doc_type, d.subtype, d.text_z
		FROM documents d WHERE d.rowid IN (`+placeholders(len(page))+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	byRow := map[int64]chancery.Hit{}
	for rows.Next() {
		var (
			row   int64
			h     chancery.Hit
			textZ []byte
		)
		if err := rows.Scan(&row, &h.Volume, &h.Document, &h.N, &h.Title, &h.Type, &h.Subtype, &textZ); err != nil {
			return err
		}
		text, notes, err := s.codec.UnpackText(textZ)
		if err != nil {
			return fmt.Errorf("text of %s/%s: %w", h.Volume, h.Document, err)
		}
		h.VolumeTitle = m.titles[h.Volume]
		if m.dmin[row] != noDate {
			h.Date = &chancery.Interval{Min: time.Unix(m.dmin[row], 0).UTC(), Max: time.Unix(m.dmax[row], 0).UTC()}
		}
		h.Snippet = search.DocumentSnippet(text, notes, scope, hl)
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
		res.Hits = append(res.Hits, h)
	}
	return nil
}

// unfiltered reports whether a request has no filters.
func unfiltered(req *chancery.SearchRequest) bool {
	return len(req.Volumes) == 0 && len(req.Types) == 0 && req.Kind == "" && req.From.IsZero() && req.To.IsZero()
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
	var years [maxFacetYear - minFacetYear + 1]int
	persons := make([]int32, len(m.persons))
	for _, h := range hits {
		r := h.row
		vols[m.vol[r]]++
		types[m.typ[r]]++
		if y := int(m.year[r]); y >= minFacetYear && y <= maxFacetYear {
			years[y-minFacetYear]++
		}
		for _, p := range m.personIx[m.personAt[r]:m.personAt[r+1]] {
			persons[p]++
		}
	}
	f := &chancery.Facets{Volumes: []chancery.FacetCount{}, Types: []chancery.FacetCount{}, Persons: []chancery.FacetCount{},
		Years: []chancery.FacetCount{}, Decades: []chancery.FacetCount{}}
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
	for i, n := range years {
		if n == 0 {
			continue
		}
		y := i + minFacetYear
		f.Years = append(f.Years, chancery.FacetCount{Value: strconv.Itoa(y), Count: n})
		decade := strconv.Itoa(y/10*10) + "s"
		if k := len(f.Decades); k > 0 && f.Decades[k-1].Value == decade {
			f.Decades[k-1].Count += n
		} else {
			f.Decades = append(f.Decades, chancery.FacetCount{Value: decade, Count: n})
		}
	}
	sortByCount(f.Volumes)
	sortByCount(f.Types)
	// The ten persons mentioned in the most hits.
	for p, n := range persons {
		if n == 0 {
			continue
		}
		fc := chancery.FacetCount{Value: m.persons[p], Count: int(n)}
		if len(f.Persons) == 10 {
			last := f.Persons[9]
			if fc.Count < last.Count || fc.Count == last.Count && fc.Value > last.Value {
				continue
			}
			f.Persons = f.Persons[:9]
		}
		f.Persons = append(f.Persons, fc)
		sortByCount(f.Persons)
	}
	return f
}

// The years the year facet counts; dates outside are reported as
// impossible at ingest.
const (
	minFacetYear = 1750
	maxFacetYear = 2100
)

func sortByCount(cs []chancery.FacetCount) {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Count != cs[j].Count {
			return cs[i].Count > cs[j].Count
		}
		return cs[i].Value < cs[j].Value
	})
}

// EachText calls fn with the indexed title, text and notes of every stored
// document, in rowid order; the search benchmark builds its baseline so.
func (s *DB) EachText(ctx context.Context, fn func(row int64, title, text, notes string) error) error {
	rows, err := s.db.QueryContext(ctx, "SELECT rowid, title, text_z FROM documents ORDER BY rowid")
	if err != nil {
		return err
	}
	defer rows.Close()
	return s.codec.EachText(rows, fn)
}
