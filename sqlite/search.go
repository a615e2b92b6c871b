package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/engine"
	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/internal/record"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

// Search runs a search with the engine (engine.Searcher): the postings
// of the query's words are read in one query, matched and ranked in
// memory, and the page's documents read for their snippets.
func (s *DB) Search(ctx context.Context, req *chancery.SearchRequest) (*chancery.SearchResult, error) {
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res, err := s.searcher.Search(ctx, gen, req)
	if err != nil {
		return nil, s.explain(err)
	}
	return res, nil
}

// Highlight returns the words to mark in the documents a query finds,
// expanded by the current vocabulary as search snippets mark them.
func (s *DB) Highlight(ctx context.Context, q *query.Query) (*search.Highlight, error) {
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("highlight: %w", err)
	}
	h, err := s.searcher.Highlight(ctx, gen, q)
	if err != nil {
		return nil, s.explain(err)
	}
	return h, nil
}

// Warm loads the vocabulary and the documents' metadata of the current
// generation, which the first search would otherwise wait for.
func (s *DB) Warm(ctx context.Context) error {
	gen, err := s.generation(ctx)
	if err != nil {
		return fmt.Errorf("warm: %w", err)
	}
	if _, err := s.searcher.Corpus(ctx, gen); err != nil {
		return fmt.Errorf("warm: %w", s.explain(err))
	}
	return nil
}

// SetCaching turns the caches of match lists and results on (the
// default) or off, for benchmarks that measure search itself.
func (s *DB) SetCaching(on bool) { s.searcher.SetCaching(on) }

// source is the engine's view of the database (engine.Source).
type source struct{ s *DB }

// ReadPostings reads the postings of words from every volume.
func (src source) ReadPostings(ctx context.Context, words []string, out engine.Lists) error {
	if len(words) == 0 {
		return nil
	}
	args := make([]any, len(words))
	for i, w := range words {
		args[i] = w
	}
	rows, err := src.s.db.QueryContext(ctx, `SELECT word, data FROM postings
		WHERE word IN (`+placeholders(len(words))+`) ORDER BY word, first_row`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			word string
			data []byte
		)
		if err := rows.Scan(&word, &data); err != nil {
			return err
		}
		if err := out.Add(word, data); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ReadPage reads the rows of a page's documents.
func (src source) ReadPage(ctx context.Context, ids []int64, fn func(record.Rows) error) error {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := src.s.db.QueryContext(ctx, "SELECT "+hits.PageColumns+" FROM documents WHERE rowid IN ("+placeholders(len(ids))+")", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return fn(rows)
}

// LinkRows returns the rowids of the documents a filter of the citation
// graph, or of the persons of the documents, keeps.
func (src source) LinkRows(ctx context.Context, l query.Link) ([]int64, error) {
	q, args := record.LinkRowsQuery(l)
	rows, err := src.s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return record.ScanRowids(rows)
}

// LoadCorpus reads the vocabulary (with the words of the volumes a bulk
// run has not counted in it yet) and the volumes' search metadata
// (volumes not indexed yet, while a writer indexes a database of an
// older schema again, are left out until they are) in one read
// transaction. It is begun as a plain BEGIN on a connection of its own:
// the drivers begin every transaction of this pool IMMEDIATE, which
// would take the write lock for the whole load.
func (src source) LoadCorpus(ctx context.Context) (*engine.Corpus, error) {
	tx, err := src.s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	if _, err := tx.ExecContext(ctx, "BEGIN"); err != nil {
		return nil, err
	}
	defer tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	var size int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM vocab").Scan(&size); err != nil {
		return nil, err
	}
	l := engine.NewCorpusLoader(size)
	var pending bool
	if err := tx.QueryRowContext(ctx, "SELECT "+anyPending).Scan(&pending); err != nil {
		return nil, err
	}
	if pending {
		err := each(ctx, tx, pendingWords, func(scan func(...any) error) error {
			var (
				word string
				n    int
			)
			if err := scan(&word, &n); err != nil {
				return err
			}
			l.AddPending(word, n)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	err = each(ctx, tx, "SELECT word, stem, docs FROM vocab ORDER BY word", func(scan func(...any) error) error {
		var (
			word, stem string
			n          int
		)
		if err := scan(&word, &stem, &n); err != nil {
			return err
		}
		l.AddWord(word, stem, n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(ctx, tx, "SELECT id, title, search_base, search_meta FROM volumes WHERE search_meta IS NOT NULL ORDER BY search_base", func(scan func(...any) error) error {
		var (
			id, title string
			base      int64
			meta      []byte
		)
		if err := scan(&id, &title, &base, &meta); err != nil {
			return err
		}
		return l.AddVolume(id, title, base, meta)
	})
	if err != nil {
		return nil, err
	}
	return l.Done(), nil
}

// each runs a query on conn and calls fn with each row's Scan.
func each(ctx context.Context, tx *sql.Conn, q string, fn func(scan func(...any) error) error) error {
	rows, err := tx.QueryContext(ctx, q)
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

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
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
