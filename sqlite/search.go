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
)

// Column weights for ranking: title, text, notes, persons, places.
const bm25Weights = "10.0, 1.0, 0.5, 2.0, 2.0"

// Search runs a search over the full-text index.
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
	match := compile(req.Query, v)
	where, args := filters(req, match)
	from := " FROM search JOIN documents d ON d.rowid = search.rowid WHERE " + where

	res := &chancery.SearchResult{Hits: []chancery.Hit{}}
	if req.Facets {
		if err := s.facets(ctx, from, args, res); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	} else if err := s.db.QueryRowContext(ctx, "SELECT count(*)"+from, args...).Scan(&res.Total); err != nil {
		return nil, fmt.Errorf("search: count: %w", err)
	}
	if req.Limit <= 0 || res.Total <= req.Offset {
		return res, nil
	}
	order := "score, d.rowid"
	switch req.Sort {
	case chancery.SortDateAsc:
		order = "d.date_min IS NULL, d.date_min, d.date_max, d.rowid"
	case chancery.SortDateDesc:
		order = "d.date_min IS NULL, d.date_min DESC, d.date_max DESC, d.rowid"
	}
	q := `SELECT d.volume, d.id, d.n, d.title, d.doc_type, d.subtype, d.date_min, d.date_max,
		bm25(search, ` + bm25Weights + `) AS score,
		snippet(search, -1, char(2), char(3), '…', 24)` + from +
		" ORDER BY " + order + " LIMIT ? OFFSET ?"
	rows, err := s.db.QueryContext(ctx, q, append(args, req.Limit, req.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			h          chancery.Hit
			dmin, dmax *string
			snippet    string
		)
		if err := rows.Scan(&h.Volume, &h.Document, &h.N, &h.Title, &h.Type, &h.Subtype, &dmin, &dmax, &h.Score, &snippet); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		h.Score = -h.Score
		if dmin != nil && dmax != nil {
			lo, err1 := time.Parse(timeFormat, *dmin)
			hi, err2 := time.Parse(timeFormat, *dmax)
			if err1 == nil && err2 == nil {
				h.Date = &chancery.Interval{Min: lo, Max: hi}
			}
		}
		h.Snippet = parseSnippet(snippet)
		res.Hits = append(res.Hits, h)
	}
	return res, rows.Err()
}

// filters returns the WHERE clause and its arguments.
func filters(req *chancery.SearchRequest, match string) (string, []any) {
	where := []string{"search MATCH ?"}
	args := []any{match}
	if len(req.Volumes) > 0 {
		where = append(where, "d.volume IN ("+placeholders(len(req.Volumes))+")")
		for _, v := range req.Volumes {
			args = append(args, v)
		}
	}
	if !req.From.IsZero() {
		where = append(where, "d.date_min >= ?")
		args = append(args, req.From.UTC().Format(timeFormat))
	}
	if !req.To.IsZero() {
		where = append(where, "d.date_max <= ?")
		args = append(args, req.To.UTC().Format(timeFormat))
	}
	switch req.Kind {
	case chancery.KindEditorial:
		where = append(where, "d.doc_type = ?")
		args = append(args, chancery.TypeEditorialNote)
	case chancery.KindHistorical:
		where = append(where, "d.doc_type <> ?")
		args = append(args, chancery.TypeEditorialNote)
	}
	if len(req.Types) > 0 {
		where = append(where, "d.doc_type IN ("+placeholders(len(req.Types))+")")
		for _, t := range req.Types {
			args = append(args, t)
		}
	}
	return strings.Join(where, " AND "), args
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// facets counts the matching documents by volume, year, decade, type and
// person, and sets the total.
func (s *DB) facets(ctx context.Context, from string, args []any, res *chancery.SearchResult) error {
	rows, err := s.db.QueryContext(ctx, "SELECT d.volume, d.year, d.doc_type, count(*)"+from+" GROUP BY 1, 2, 3", args...)
	if err != nil {
		return fmt.Errorf("facets: %w", err)
	}
	vols, years, decades, types := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for rows.Next() {
		var (
			vol, typ string
			year, n  int
		)
		if err := rows.Scan(&vol, &year, &typ, &n); err != nil {
			rows.Close()
			return fmt.Errorf("facets: %w", err)
		}
		res.Total += n
		vols[vol] += n
		types[typ] += n
		if year > 0 {
			years[strconv.Itoa(year)] += n
			decades[strconv.Itoa(year/10*10)+"s"] += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("facets: %w", err)
	}
	f := &chancery.Facets{
		Volumes: byCount(vols),
		Years:   byValue(years),
		Decades: byValue(decades),
		Types:   byCount(types),
		Persons: []chancery.FacetCount{},
	}
	for i := range f.Types {
		f.Types[i].Label = chancery.TypeLabel(f.Types[i].Value)
	}
	if len(f.Volumes) > 0 {
		titles, err := s.volumeTitles(ctx)
		if err != nil {
			return err
		}
		for i := range f.Volumes {
			f.Volumes[i].Label = titles[f.Volumes[i].Value]
		}
	}
	if res.Total > 0 {
		prows, err := s.db.QueryContext(ctx, "SELECT p.name, count(*) AS n"+
			strings.Replace(from, " WHERE ", " JOIN doc_persons p ON p.doc = d.rowid WHERE ", 1)+
			" GROUP BY p.name ORDER BY n DESC, p.name LIMIT 10", args...)
		if err != nil {
			return fmt.Errorf("facets: persons: %w", err)
		}
		defer prows.Close()
		for prows.Next() {
			var fc chancery.FacetCount
			if err := prows.Scan(&fc.Value, &fc.Count); err != nil {
				return fmt.Errorf("facets: persons: %w", err)
			}
			f.Persons = append(f.Persons, fc)
		}
		if err := prows.Err(); err != nil {
			return fmt.Errorf("facets: persons: %w", err)
		}
	}
	res.Facets = f
	return nil
}

func (s *DB) volumeTitles(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, title FROM volumes")
	if err != nil {
		return nil, fmt.Errorf("volume titles: %w", err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var id, title string
		if err := rows.Scan(&id, &title); err != nil {
			return nil, err
		}
		m[id] = title
	}
	return m, rows.Err()
}

// byCount orders facet values by count, most first.
func byCount(m map[string]int) []chancery.FacetCount {
	out := make([]chancery.FacetCount, 0, len(m))
	for v, n := range m {
		out = append(out, chancery.FacetCount{Value: v, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}

// byValue orders facet values by value (years, decades).
func byValue(m map[string]int) []chancery.FacetCount {
	out := make([]chancery.FacetCount, 0, len(m))
	for v, n := range m {
		out = append(out, chancery.FacetCount{Value: v, Count: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
	return out
}

func parseSnippet(s string) []chancery.SnippetPart {
	var parts []chancery.SnippetPart
	for s != "" {
		i := strings.IndexByte(s, 2)
		if i < 0 {
			parts = append(parts, chancery.SnippetPart{Text: s})
			break
		}
		if i > 0 {
			parts = append(parts, chancery.SnippetPart{Text: s[:i]})
		}
		s = s[i+1:]
		j := strings.IndexByte(s, 3)
		if j < 0 {
			j = len(s)
		}
		parts = append(parts, chancery.SnippetPart{Text: s[:j], Match: true})
		if j < len(s) {
			s = s[j+1:]
		} else {
			s = ""
		}
	}
	return parts
}

// compile turns a query tree into an FTS5 MATCH expression. Every word is
// quoted, so nothing the user typed is read as FTS5 syntax.
func compile(q *query.Query, v *vocab) string {
	c := &compiler{v: v, scope: q.Scope}
	return c.expr(q.Root)
}

type compiler struct {
	v     *vocab
	scope string
}

func (c *compiler) columns(field string) string {
	switch field {
	case query.FieldTitle:
		return "{title}"
	case query.FieldPerson:
		return "{persons}"
	case query.FieldPlace:
		return "{places}"
	}
	switch c.scope {
	case query.ScopeText:
		return "{title text}"
	case query.ScopeNotes:
		return "{notes}"
	}
	return "{title text notes}"
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func (c *compiler) expr(e query.Expr) string {
	switch x := e.(type) {
	case *query.And:
		var pos, neg []string
		for _, sub := range x.Exprs {
			if n, ok := sub.(*query.Not); ok {
				neg = append(neg, c.expr(n.X))
				continue
			}
			pos = append(pos, c.expr(sub))
		}
		s := "(" + strings.Join(pos, " AND ") + ")"
		if len(neg) > 0 {
			s += " NOT (" + strings.Join(neg, " OR ") + ")"
		}
		return "(" + s + ")"
	case *query.Or:
		parts := make([]string, len(x.Exprs))
		for i, sub := range x.Exprs {
			parts[i] = c.expr(sub)
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	case *query.Not:
		// Parse only lets NOT stand inside an AND with something positive.
		return c.expr(x.X)
	case *query.Phrase:
		words := make([]string, len(x.Words))
		for i, w := range x.Words {
			words[i] = quote(w)
		}
		if x.Slop > 0 {
			return c.columns(x.Field) + " : NEAR(" + strings.Join(words, " ") + ", " + strconv.Itoa(x.Slop) + ")"
		}
		return c.columns(x.Field) + " : (" + strings.Join(words, " + ") + ")"
	case *query.Term:
		var words []string
		switch {
		case x.Pattern:
			words = c.v.match(x.Text, x.Prefix)
			if len(words) == 0 {
				words = []string{strings.ReplaceAll(x.Text, "?", "")}
			}
		case x.Prefix:
			return c.columns(x.Field) + " : " + quote(x.Text) + "*"
		case x.Literal:
			words = []string{x.Text}
		default:
			words = c.v.variants(x.Text)
		}
		for i, w := range words {
			words[i] = quote(w)
		}
		return c.columns(x.Field) + " : (" + strings.Join(words, " OR ") + ")"
	}
	return `""`
}
