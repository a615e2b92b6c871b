package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kljensen/snowball/english"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

// Ranking: ts_rank_cd's weights for D, C, B, A (notes count half the text,
// the title ten times), normalised by document length (1 + log length).
const rankWeights = "'{0.05, 0.05, 0.1, 1.0}'"

// compiler turns a query tree into an SQL predicate over documents d:
// each word or phrase a tsquery passed as a parameter, never pasted.
type compiler struct {
	args  []any
	scope string
	rank  []string // tsqueries of the positive stemmed words, for ranking
	lrank []string // … and of the positive exact words, prefixes and phrases
	hl    *search.Highlight
}

func (c *compiler) arg(v any) string {
	c.args = append(c.args, v)
	return "$" + strconv.Itoa(len(c.args))
}

// lexeme quotes a word for a tsquery.
func lexeme(w string) string { return "'" + strings.ReplaceAll(w, "'", "''") + "'" }

// weights returns the tsquery weight letters a term may match in.
func (c *compiler) weights(field string) string {
	switch field {
	case query.FieldTitle, query.FieldPerson:
		return "A"
	case query.FieldPlace:
		return "B"
	}
	switch c.scope {
	case query.ScopeText:
		return "AB"
	case query.ScopeNotes:
		return "C"
	}
	return "ABC"
}

func stem(w string) string { return english.Stem(w, false) }

func (c *compiler) expr(e query.Expr, positive bool) string {
	switch x := e.(type) {
	case *query.And:
		parts := make([]string, len(x.Exprs))
		for i, s := range x.Exprs {
			parts[i] = c.expr(s, positive)
		}
		return "(" + strings.Join(parts, " AND ") + ")"
	case *query.Or:
		parts := make([]string, len(x.Exprs))
		for i, s := range x.Exprs {
			parts[i] = c.expr(s, positive)
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	case *query.Not:
		return "NOT " + c.expr(x.X, false)
	case *query.Term:
		return c.term(x, positive)
	case *query.Phrase:
		return c.phrase(x, positive)
	}
	return "false"
}

func (c *compiler) term(t *query.Term, positive bool) string {
	w := c.weights(t.Field)
	if w == "ABC" {
		// Every weight the column has: no restriction, which lets the GIN
		// index answer without reading each document's tsvector again.
		w = ""
	}
	sep := ""
	if w != "" {
		sep = ":"
	}
	column, config, tsq := "d.stem", "chancery_stem", lexeme(t.Text)+sep+w
	switch {
	case t.Field == query.FieldPerson || t.Field == query.FieldPlace:
		column = "d.names"
		c.hl.Add(t.Text)
	case t.Prefix || t.Pattern:
		// '?' stands for any letters here: the prefix before it is matched.
		pre, _, _ := strings.Cut(t.Text, "?")
		column, config, tsq = "d.tsv", "simple", lexeme(pre)+":*"+w
		c.hl.Prefixes = append(c.hl.Prefixes, pre)
	case t.Literal:
		column, config = "d.tsv", "simple"
		c.hl.Add(t.Text)
	default:
		if c.hl.Stems == nil {
			c.hl.Stems = map[string]bool{}
		}
		c.hl.Stems[stem(t.Text)] = true
		c.hl.Stem = stem
		c.hl.Add(t.Text)
	}
	q := "to_tsquery('" + config + "', " + c.arg(tsq) + ")"
	if positive && column == "d.stem" {
		c.rank = append(c.rank, q)
	} else if positive && column == "d.tsv" {
		c.lrank = append(c.lrank, q)
	}
	return column + " @@ " + q
}

// phrase matches words in sequence, or within Slop words in any order. A
// long document's late words are matched in its chunks.
func (c *compiler) phrase(p *query.Phrase, positive bool) string {
	w := c.weights(p.Field)
	column := "d.tsv"
	if p.Field == query.FieldPerson || p.Field == query.FieldPlace {
		column = "d.names"
	}
	lex := make([]string, len(p.Words))
	for i, word := range p.Words {
		lex[i] = lexeme(word)
		c.hl.Add(word)
	}
	var tsq string
	switch {
	case p.Slop == 0:
		tsq = strings.Join(lex, " <-> ")
	case len(lex) == 2:
		var alts []string
		for d := 1; d <= p.Slop+1; d++ {
			op := " <" + strconv.Itoa(d) + "> "
			alts = append(alts, lex[0]+op+lex[1], lex[1]+op+lex[0])
		}
		tsq = "(" + strings.Join(alts, " | ") + ")"
	default:
		tsq = strings.Join(lex, " & ") // more than two words within a span: all of them
	}
	plain := "to_tsquery('simple', " + c.arg(tsq) + ")"
	weighted := plain
	if column == "d.tsv" && w != "ABC" {
		weighted = "to_tsquery('simple', " + c.arg(weightAll(lex, w, tsq, p.Slop)) + ")"
	}
	if positive && column == "d.tsv" {
		c.lrank = append(c.lrank, weighted)
	}
	pred := column + " @@ " + weighted
	if column == "d.tsv" && (w == "ABC" || strings.Contains(w, "B")) {
		pred = "(" + pred + " OR (d.long AND EXISTS (SELECT 1 FROM chunks k WHERE k.doc = d.rowid AND k.tsv @@ " + plain + ")))"
	}
	return pred
}

// weightAll restricts every lexeme of a phrase's tsquery to weights w.
func weightAll(lex []string, w, tsq string, slop int) string {
	for _, l := range lex {
		tsq = strings.ReplaceAll(tsq, l, l+":"+w)
	}
	return tsq
}

// Search runs a search: the predicate and filters in SQL, the facets by
// grouping, the page ranked by ts_rank_cd (or by date), and the snippets
// cut in Go from each hit's stored text.
func (db *DB) Search(ctx context.Context, req *chancery.SearchRequest) (res *chancery.SearchResult, err error) {
	if req.Query == nil || req.Query.Root == nil {
		return nil, errors.New("search: no query")
	}
	gen, err := db.Generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	key := requestKey(req)
	if cached, ok := db.results.get(gen, key); ok {
		return copyResult(cached), nil
	}
	start := time.Now()
	err = db.read(ctx, func() error {
		res, err = db.search(ctx, req)
		return err
	})
	if err == nil {
		db.results.put(gen, key, copyResult(res), time.Since(start))
	}
	return res, err
}

func (db *DB) search(ctx context.Context, req *chancery.SearchRequest) (*chancery.SearchResult, error) {
	if req.Query == nil || req.Query.Root == nil {
		return nil, errors.New("search: no query")
	}
	// One read-only transaction: the facets and the page see one snapshot.
	tx, err := db.reads.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer tx.Rollback(context.Background())
	c := &compiler{scope: req.Query.Scope, hl: &search.Highlight{}}
	where := []string{c.expr(req.Query.Root, true)}
	if len(req.Volumes) > 0 {
		where = append(where, "d.volume = ANY("+c.arg(req.Volumes)+")")
	}
	if !req.From.IsZero() {
		where = append(where, "d.date_min >= "+c.arg(req.From.UTC()))
	}
	if !req.To.IsZero() {
		where = append(where, "d.date_max <= "+c.arg(req.To.UTC()))
	}
	switch req.Kind {
	case chancery.KindEditorial:
		where = append(where, "d.doc_type = "+c.arg(chancery.TypeEditorialNote))
	case chancery.KindHistorical:
		where = append(where, "d.doc_type <> "+c.arg(chancery.TypeEditorialNote))
	}
	if len(req.Types) > 0 {
		where = append(where, "d.doc_type = ANY("+c.arg(req.Types)+")")
	}
	from := " FROM documents d WHERE " + strings.Join(where, " AND ")
	res := &chancery.SearchResult{Hits: []chancery.Hit{}}
	if err := facets(ctx, tx, from, c.args, req.Facets, res); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if req.Limit <= 0 || req.Offset >= res.Total {
		return res, nil
	}
	rank := "0"
	if len(c.rank) > 0 {
		rank += " + ts_rank_cd(" + rankWeights + ", d.stem, " + strings.Join(c.rank, " || ") + ", 1)"
	}
	if len(c.lrank) > 0 {
		rank += " + ts_rank_cd(" + rankWeights + ", d.tsv, " + strings.Join(c.lrank, " || ") + ", 1)"
	}
	if words := query.PlainWords(req.Query.Root); len(words) >= 2 && req.Query.Scope != query.ScopeNotes {
		key := strings.Join(words, " ")
		lex := make([]string, len(words))
		for i, w := range words {
			lex[i] = lexeme(w) + ":A"
		}
		rank += " + CASE WHEN d.title_key = " + c.arg(key) + " THEN 2000 WHEN d.tsv @@ to_tsquery('simple', " + c.arg(strings.Join(lex, " <-> ")) + ") THEN 1000 ELSE 0 END"
	}
	order := "score DESC, d.rowid"
	switch req.Sort {
	case chancery.SortDateAsc:
		order = "d.date_min ASC NULLS LAST, d.date_max ASC, d.rowid"
	case chancery.SortDateDesc:
		order = "d.date_min DESC NULLS LAST, d.date_max DESC, d.rowid"
	}
	q := "SELECT d.volume, d.id, d.n, d.title, d.doc_type, d.subtype, d.date_min, d.date_max, d.text_z, " + rank + " AS score" +
		from + " ORDER BY " + order + " LIMIT " + c.arg(req.Limit) + " OFFSET " + c.arg(req.Offset)
	rows, err := tx.Query(ctx, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var hits []hitRow
	for rows.Next() {
		var r hitRow
		if err := rows.Scan(&r.h.Volume, &r.h.Document, &r.h.N, &r.h.Title, &r.h.Type, &r.h.Subtype, &r.dmin, &r.dmax, &r.textZ, &r.h.Score); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		hits = append(hits, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	titles, err := volumeTitles(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	for _, r := range hits {
		h, dmin, dmax, textZ := r.h, r.dmin, r.dmax, r.textZ
		if req.Sort != "" && req.Sort != chancery.SortRelevance {
			h.Score = 0
		}
		h.VolumeTitle = titles[h.Volume]
		if dmin != nil && dmax != nil {
			h.Date = &chancery.Interval{Min: dmin.UTC(), Max: dmax.UTC()}
		}
		text, notes, err := db.codec.UnpackText(textZ)
		if err != nil {
			return nil, fmt.Errorf("search: text of %s/%s: %w", h.Volume, h.Document, err)
		}
		h.Snippet = search.DocumentSnippet(text, notes, req.Query.Scope, c.hl)
		res.Hits = append(res.Hits, h)
	}
	return res, tx.Commit(ctx)
}

// hitRow is a hit as read, before its snippet is cut.
type hitRow struct {
	h          chancery.Hit
	dmin, dmax *time.Time
	textZ      []byte
}

// facets sets the total and, when asked, the facet counts.
func facets(ctx context.Context, tx pgx.Tx, from string, args []any, want bool, res *chancery.SearchResult) error {
	if !want {
		return tx.QueryRow(ctx, "SELECT count(*)"+from, args...).Scan(&res.Total)
	}
	// One pass over the matches: grouped counts, and the persons of the
	// matching documents, from one materialised set.
	rows, err := tx.Query(ctx, `WITH m AS MATERIALIZED (SELECT d.rowid, d.volume, d.year, d.doc_type`+from+`)
		SELECT 'g', m.volume, m.year, m.doc_type, count(*) FROM m GROUP BY 2, 3, 4
		UNION ALL (SELECT 'p', p.name, 0, '', count(*) FROM m JOIN doc_persons p ON p.doc = m.rowid GROUP BY p.name ORDER BY 5 DESC, 2 LIMIT 10)`, args...)
	if err != nil {
		return err
	}
	vols, years, decades, types := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	var persons []chancery.FacetCount
	for rows.Next() {
		var (
			kind, vol, typ string
			year, n        int
		)
		if err := rows.Scan(&kind, &vol, &year, &typ, &n); err != nil {
			rows.Close()
			return err
		}
		if kind == "p" {
			persons = append(persons, chancery.FacetCount{Value: vol, Count: n})
			continue
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
		return err
	}
	titles, err := volumeTitles(ctx, tx)
	if err != nil {
		return err
	}
	f := &chancery.Facets{Volumes: counts(vols, true), Years: counts(years, false), Decades: counts(decades, false), Types: counts(types, true), Persons: []chancery.FacetCount{}}
	for i := range f.Volumes {
		f.Volumes[i].Label = titles[f.Volumes[i].Value]
	}
	for i := range f.Types {
		f.Types[i].Label = chancery.TypeLabel(f.Types[i].Value)
	}
	if persons != nil {
		sortFacets(persons, true)
		f.Persons = persons
	}
	res.Facets = f
	return nil
}

func volumeTitles(ctx context.Context, tx pgx.Tx) (map[string]string, error) {
	rows, err := tx.Query(ctx, "SELECT id, title FROM volumes")
	if err != nil {
		return nil, err
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

// counts orders facet values by count (most first) or by value.
func counts(m map[string]int, byCount bool) []chancery.FacetCount {
	out := make([]chancery.FacetCount, 0, len(m))
	for v, n := range m {
		out = append(out, chancery.FacetCount{Value: v, Count: n})
	}
	sortFacets(out, byCount)
	return out
}

// EachText calls fn with the indexed title, text and notes of every stored
// document; the search benchmark builds its baseline so.
func (db *DB) EachText(ctx context.Context, fn func(row int64, title, text, notes string) error) error {
	rows, err := db.pool.Query(ctx, "SELECT rowid, title, text_z FROM documents ORDER BY rowid")
	if err != nil {
		return err
	}
	defer rows.Close()
	return db.codec.EachText(rows, fn)
}

// Exec runs a statement, for tools that need plain SQL (the search
// benchmark's baseline).
func (db *DB) Exec(ctx context.Context, sql string, args ...any) error {
	_, err := db.pool.Exec(ctx, sql, args...)
	return err
}

// QueryRows runs a query and calls fn for each row, for tools.
func (db *DB) QueryRows(ctx context.Context, sql string, args []any, fn func(scan func(dest ...any) error) error) error {
	rows, err := db.pool.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
