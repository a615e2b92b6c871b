package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

// Search runs a search over the full-text index. One query to the index
// finds every matching document (with its BM25 score when ranking by
// relevance); filters, facets and date order work on the documents'
// metadata in memory; the page's documents are then read and their
// snippets cut. A search without words lists the documents its filters
// keep (hits.Meta.Browse). Results that took 5 ms or more are kept for
// the current generation (hits.Results), so a repeated search is answered
// from memory.
func (s *DB) Search(ctx context.Context, req *chancery.SearchRequest) (*chancery.SearchResult, error) {
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	key := hits.RequestKey(req)
	if cached, ok := s.results.Get(gen, key); ok {
		return hits.CopyResult(cached), nil
	}
	start := time.Now()
	res, err := s.search(ctx, gen, req)
	if err == nil {
		s.results.Put(gen, key, hits.CopyResult(res), time.Since(start))
	}
	return res, err
}

func (s *DB) search(ctx context.Context, gen int64, req *chancery.SearchRequest) (*chancery.SearchResult, error) {
	v, err := s.vocabulary(ctx, gen)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	m, err := s.metadata(ctx, gen)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	relevance := hits.Ranked(req)
	var found []hits.Scored // perhaps a list shared with the cache: read only
	scope := ""
	if req.Query.Empty() {
		found = m.Browse(req)
	} else {
		if err := hits.CostOf(req.Query, v).Check(); err != nil {
			return nil, err
		}
		c := &compiler{v: v, scope: req.Query.Scope}
		match, err := c.compile(req.Query.Root)
		if err != nil {
			return nil, err
		}
		all, err := s.matches(ctx, gen, match, relevance)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		found = m.Keep(all, req)
		scope = req.Query.Scope
	}

	res := &chancery.SearchResult{Total: len(found), Hits: []chancery.Hit{}}
	if req.Facets {
		res.Facets = m.Facets(found)
	}
	if req.Limit <= 0 || req.Offset >= len(found) {
		return res, nil
	}
	desc := req.Sort == chancery.SortDateDesc
	var bonus map[int64]float64
	if relevance {
		if bonus, err = s.titleBonus(ctx, req.Query); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	page := hits.TopK(found, req.Offset+req.Limit, func(a, b hits.Scored) bool {
		if relevance {
			sa, sb := a.Score-bonus[a.Row], b.Score-bonus[b.Row]
			if sa != sb {
				return sa < sb // bm25() is lower for better matches
			}
			return a.Row < b.Row
		}
		return m.Before(a.Row, b.Row, desc)
	})[req.Offset:]
	score := func(p hits.Scored) float64 { return 0 }
	if relevance {
		score = func(p hits.Scored) float64 { return bonus[p.Row] - p.Score } // bm25() is negative
	}
	if err := s.hitDetails(ctx, m, page, hits.NewHighlight(req.Query, v), scope, score, res); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

// Highlight returns the words to mark in the documents a query finds,
// expanded by the current vocabulary as search snippets mark them
// (hits.NewHighlight).
func (s *DB) Highlight(ctx context.Context, q *query.Query) (*search.Highlight, error) {
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("highlight: %w", err)
	}
	v, err := s.vocabulary(ctx, gen)
	if err != nil {
		return nil, fmt.Errorf("highlight: %w", err)
	}
	return hits.NewHighlight(q, v), nil
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
func (s *DB) matches(ctx context.Context, gen int64, match string, ranked bool) ([]hits.Scored, error) {
	key := "r:" + match
	if list, ok := s.cache.Get(gen, key); ok {
		return list, nil
	}
	if !ranked {
		key = "d:" + match
		if list, ok := s.cache.Get(gen, key); ok {
			return list, nil
		}
	}
	start := time.Now()
	if list, ok := s.hotHits(ctx, gen, match); ok {
		s.cache.Put(gen, "r:"+match, list, time.Since(start))
		return list, nil
	}
	list, err := s.evaluate(ctx, match, ranked)
	if err != nil {
		return nil, err
	}
	s.cache.Put(gen, key, list, time.Since(start))
	return list, nil
}

// evaluate reads every match of an FTS5 expression from the index, with
// BM25 scores when ranked.
func (s *DB) evaluate(ctx context.Context, match string, ranked bool) ([]hits.Scored, error) {
	q := "SELECT rowid FROM search WHERE search MATCH ?"
	if ranked {
		q = "SELECT rowid, bm25(search, " + bm25Weights + ") FROM search WHERE search MATCH ?"
	}
	rows, err := s.db.QueryContext(ctx, q, match)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []hits.Scored
	for rows.Next() {
		var h hits.Scored
		if ranked {
			err = rows.Scan(&h.Row, &h.Score)
		} else {
			err = rows.Scan(&h.Row)
		}
		if err != nil {
			return nil, err
		}
		list = append(list, h)
	}
	return list, rows.Err()
}

// hitDetails reads the page's documents and cuts their snippets.
func (s *DB) hitDetails(ctx context.Context, m *hits.Meta, page []hits.Scored, hl *search.Highlight, scope string, score func(hits.Scored) float64, res *chancery.SearchResult) error {
	args := make([]any, len(page))
	for i, h := range page {
		args[i] = h.Row
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+hits.PageColumns+" FROM documents WHERE rowid IN ("+placeholders(len(page))+")", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	res.Hits, err = m.PageHits(rows, page, &s.codec, scope, hl, score)
	return err
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

// Warm loads the vocabulary and the documents' metadata of the current
// generation, which the first search would otherwise wait for (seconds
// for a full-size corpus).
func (s *DB) Warm(ctx context.Context) error {
	gen, err := s.generation(ctx)
	if err != nil {
		return fmt.Errorf("warm: %w", err)
	}
	if _, err := s.vocabulary(ctx, gen); err != nil {
		return fmt.Errorf("warm: %w", err)
	}
	if _, err := s.metadata(ctx, gen); err != nil {
		return fmt.Errorf("warm: %w", err)
	}
	return nil
}
