package engine

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/internal/record"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

// Source is what a store gives the engine: its corpus's search data and,
// per search, the postings of some words and the rows of a page's
// documents. It holds no rule of search; every store implements it over
// the same index (IndexDocument, Postings) and columns (hits.PageColumns).
type Source interface {
	// LoadCorpus reads the vocabulary and the documents' metadata, as of
	// one snapshot.
	LoadCorpus(ctx context.Context) (*Corpus, error)
	// ReadPostings reads the postings of words from every volume into
	// lists (Lists.Add), each word's pieces in the order of their first
	// rowids.
	ReadPostings(ctx context.Context, words []string, lists Lists) error
	// ReadPage calls fn with the rows (hits.PageColumns) of the documents
	// with these rowids, in any order, and closes them.
	ReadPage(ctx context.Context, rows []int64, fn func(record.Rows) error) error
	// LinkRows returns the rowids of the documents a filter of the
	// citation graph keeps (record.LinkRowsQuery).
	LinkRows(ctx context.Context, l query.Link) ([]int64, error)
}

// Corpus is what searches hold in memory for one corpus generation: the
// documents' metadata, what ranking needs of them, and the vocabulary.
type Corpus struct {
	Meta  *hits.Meta
	Stats *Stats
	Vocab *hits.Vocab
}

// Docs returns the number of documents holding an indexed word, or at
// most holding a pair of common words (IsPair), for the cost budget and
// the lists' sizes.
func (c *Corpus) Docs(word string) int {
	if IsPair(word) {
		return pairDocs(word, c.Vocab.Docs)
	}
	return c.Vocab.Docs(word)
}

// Searcher runs searches over a Source: plan, read, match and rank,
// filter, facet, page and cut snippets, with the caches of one process
// (the corpus's search data, match lists and results, each for the
// current generation and within its byte budget). A store holds one
// Searcher and hands it every search.
type Searcher struct {
	src     Source
	codec   *record.Codec
	corpus  hits.PerGeneration[*Corpus]
	matches hits.Cache
	results hits.Results
	// uncached: the match and result caches are off (SetCaching).
	uncached atomic.Bool
}

// SetCaching turns the caches of match lists and results on (the
// default) or off, for benchmarks that measure search itself. The
// corpus's search data is loaded once a generation either way.
func (s *Searcher) SetCaching(on bool) { s.uncached.Store(!on) }

// NewSearcher returns a Searcher over src, whose documents' texts codec
// unpacks.
func NewSearcher(src Source, codec *record.Codec) *Searcher {
	return &Searcher{src: src, codec: codec}
}

// Search answers a search request for corpus generation gen. A search
// without words lists the documents its filters keep (hits.Meta.Browse).
func (s *Searcher) Search(ctx context.Context, gen int64, req *chancery.SearchRequest) (*chancery.SearchResult, error) {
	key := hits.RequestKey(req)
	if !s.uncached.Load() {
		if cached, ok := s.results.Get(gen, key); ok {
			return hits.CopyResult(cached), nil
		}
	}
	start := time.Now()
	res, err := s.search(ctx, gen, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if !s.uncached.Load() {
		s.results.Put(gen, key, hits.CopyResult(res), time.Since(start))
	}
	return res, nil
}

func (s *Searcher) search(ctx context.Context, gen int64, req *chancery.SearchRequest) (*chancery.SearchResult, error) {
	c, err := s.Corpus(ctx, gen)
	if err != nil {
		return nil, err
	}
	relevance := hits.Ranked(req)
	var found []hits.Scored // perhaps a list shared with the cache: read only
	scope := ""
	if req.Query.Empty() {
		found = c.Meta.Browse(req)
	} else {
		all, err := s.match(ctx, gen, c, req.Query)
		if err != nil {
			return nil, err
		}
		found = c.Meta.Keep(all, req)
		scope = req.Query.Scope
	}
	if req.Query != nil && len(req.Query.Links) > 0 {
		if found, err = s.linked(ctx, found, req.Query.Links); err != nil {
			return nil, err
		}
	}
	res := &chancery.SearchResult{Total: len(found), Hits: []chancery.Hit{}}
	if req.Facets {
		res.Facets = c.Meta.Facets(found)
	}
	if req.Limit <= 0 || req.Offset >= len(found) {
		return res, nil
	}
	desc := req.Sort == chancery.SortDateDesc
	page := hits.TopK(found, req.Offset+req.Limit, func(a, b hits.Scored) bool {
		if relevance {
			if a.Score != b.Score {
				return a.Score > b.Score
			}
			return c.Meta.Tie(a.Row, b.Row)
		}
		return c.Meta.Before(a.Row, b.Row, desc)
	})[req.Offset:]
	ids := make([]int64, len(page))
	for i, h := range page {
		ids[i] = h.Row
	}
	hl := hits.NewHighlight(req.Query, c.Vocab)
	err = s.src.ReadPage(ctx, ids, func(rows record.Rows) error {
		var err error
		res.Hits, err = c.Meta.PageHits(rows, page, s.codec, scope, hl, func(p hits.Scored) float64 {
			if relevance {
				return p.Score
			}
			return 0
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// match returns every document matching q, in rowid order, with BM25
// scores and title bonuses, from the cache or the index. A query whose
// words would read more postings than the cost budget allows is refused
// before any is read.
func (s *Searcher) match(ctx context.Context, gen int64, c *Corpus, q *query.Query) ([]hits.Scored, error) {
	key := q.Scope + "\x00" + q.Root.String()
	if !s.uncached.Load() {
		if ms, ok := s.matches.Get(gen, key); ok {
			return ms, nil
		}
	}
	start := time.Now()
	p, err := NewPlan(q, c.Vocab)
	if err != nil {
		return nil, err
	}
	words := p.Words()
	if err := hits.WordsCost(words, c.Docs).Check(); err != nil {
		return nil, err
	}
	postings := NewLists(words, c.Docs)
	if err := s.src.ReadPostings(ctx, words, postings); err != nil {
		return nil, err
	}
	ms := Match(p, postings, c.Stats)
	if !s.uncached.Load() {
		s.matches.Put(gen, key, ms, time.Since(start))
	}
	return ms, nil
}

// Highlight returns the words to mark in the documents a query finds,
// expanded by the vocabulary of generation gen as search snippets mark
// them (hits.NewHighlight).
func (s *Searcher) Highlight(ctx context.Context, gen int64, q *query.Query) (*search.Highlight, error) {
	c, err := s.Corpus(ctx, gen)
	if err != nil {
		return nil, fmt.Errorf("highlight: %w", err)
	}
	return hits.NewHighlight(q, c.Vocab), nil
}

// Corpus returns the search data of generation gen, loading it from the
// source once (a new process's first search waits for it, unless the
// store was warmed).
func (s *Searcher) Corpus(ctx context.Context, gen int64) (*Corpus, error) {
	return s.corpus.Get(ctx, gen, func() (*Corpus, error) {
		c, err := s.src.LoadCorpus(ctx)
		if err != nil {
			return nil, fmt.Errorf("load the corpus's search data: %w", err)
		}
		// Loading reads every word and volume of the corpus into
		// temporary values several times the size of what is kept (50 MB
		// at full scale, where the process held 370 MB once loaded):
		// give that memory back to the system now, once a generation,
		// rather than hold it until the scavenger gets to it.
		debug.FreeOSMemory()
		return c, nil
	})
}

// Holds reports whether the search data of generation gen is loaded.
func (s *Searcher) Holds(gen int64) bool { return s.corpus.Holds(gen) }

// linked returns the documents of found that every filter of the
// citation graph keeps: a new list, found being perhaps the cache's.
func (s *Searcher) linked(ctx context.Context, found []hits.Scored, links []query.Link) ([]hits.Scored, error) {
	keep := map[int64]int{}
	for _, l := range links {
		rows, err := s.src.LinkRows(ctx, l)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", l, err)
		}
		for _, r := range rows {
			keep[r]++
		}
	}
	out := make([]hits.Scored, 0, min(len(found), len(keep)))
	for _, h := range found {
		if keep[h.Row] == len(links) {
			out = append(out, h)
		}
	}
	return out, nil
}
