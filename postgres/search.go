package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

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
func (db *DB) Search(ctx context.Context, req *chancery.SearchRequest) (res *chancery.SearchResult, err error) {
	gen, err := db.Generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	err = db.read(ctx, func() error {
		res, err = db.searcher.Search(ctx, gen, req)
		return err
	})
	return res, err
}

// Highlight returns the words to mark in the documents a query finds,
// expanded by the current vocabulary as search snippets mark them.
func (db *DB) Highlight(ctx context.Context, q *query.Query) (h *search.Highlight, err error) {
	gen, err := db.Generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("highlight: %w", err)
	}
	err = db.read(ctx, func() error {
		h, err = db.searcher.Highlight(ctx, gen, q)
		return err
	})
	return h, err
}

// SetCaching turns the caches of match lists and results on (the
// default) or off, for benchmarks that measure search itself.
func (db *DB) SetCaching(on bool) { db.searcher.SetCaching(on) }

// source is the engine's view of the database (engine.Source).
type source struct{ db *DB }

// ReadPostings reads the postings of words from every volume.
func (src source) ReadPostings(ctx context.Context, list []string, out engine.Lists) error {
	if len(list) == 0 {
		return nil
	}
	rows, err := src.db.reads.Query(ctx, `SELECT word, data FROM postings WHERE word = ANY($1) ORDER BY word, first_row`, list)
	if err != nil {
		return err
	}
	defer rows.Close()
	// A query that failed once sent (the server restarting) has no
	// fields: rows.Err, below, says why.
	fields := rows.FieldDescriptions()
	binary := len(fields) > 1 && fields[1].Format == pgx.BinaryFormatCode
	for rows.Next() {
		var (
			word string
			data []byte
		)
		if binary {
			// The bytes as received, copied once (pgx would allocate
			// twice).
			raw := rows.RawValues()
			data = slices.Clone(raw[1])
			if err := rows.Scan(&word, nil); err != nil {
				return err
			}
		} else if err := rows.Scan(&word, &data); err != nil {
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
	rows, err := src.db.reads.Query(ctx, "SELECT "+hits.PageColumns+" FROM documents WHERE rowid = ANY($1)", ids)
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
	rows, err := src.db.reads.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return record.ScanRowids(rows)
}

// Warm loads the vocabulary and the documents' metadata of the current
// generation, which the first search would otherwise wait for (1.3 s for
// a full-size corpus).
func (db *DB) Warm(ctx context.Context) error {
	gen, err := db.Generation(ctx)
	if err != nil {
		return fmt.Errorf("warm: %w", err)
	}
	return db.read(ctx, func() error {
		_, err := db.searcher.Corpus(ctx, gen)
		return err
	})
}

// LoadCorpus reads the vocabulary (with the words of the volumes a bulk
// run has not counted in it yet) and the volumes' search metadata
// (volumes not indexed yet, while a writer indexes a database of an
// older schema again, are left out until they are) from
// one snapshot.
func (src source) LoadCorpus(ctx context.Context) (*engine.Corpus, error) {
	tx, err := src.db.reads.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.Background())
	var size int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM vocab").Scan(&size); err != nil {
		return nil, err
	}
	l := engine.NewCorpusLoader(size)
	var pending bool
	if err := tx.QueryRow(ctx, "SELECT "+anyPending).Scan(&pending); err != nil {
		return nil, err
	}
	if pending {
		rows, err := tx.Query(ctx, pendingWords)
		if err != nil {
			return nil, err
		}
		var (
			word string
			n    int
		)
		if _, err := pgx.ForEachRow(rows, []any{&word, &n}, func() error { l.AddPending(word, n); return nil }); err != nil {
			return nil, err
		}
	}
	rows, err := tx.Query(ctx, "SELECT word, stem, docs FROM vocab ORDER BY word")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var (
			word, stem string
			n          int
		)
		if err := rows.Scan(&word, &stem, &n); err != nil {
			rows.Close()
			return nil, err
		}
		l.AddWord(word, stem, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, "SELECT id, title, search_base, search_meta FROM volumes WHERE search_meta IS NOT NULL ORDER BY search_base")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var (
			id, title string
			base      int64
			meta      []byte
		)
		if err := rows.Scan(&id, &title, &base, &meta); err != nil {
			rows.Close()
			return nil, err
		}
		if err := l.AddVolume(id, title, base, meta); err != nil {
			rows.Close()
			return nil, err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return l.Done(), tx.Commit(ctx)
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
