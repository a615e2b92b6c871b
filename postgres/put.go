package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/engine"
	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/internal/record"
)

// PutVolume stores a volume in one transaction, replacing any stored
// version with another content hash. Two puts of one volume never
// interleave: they take an advisory lock on its id.
//
// A put that fails because PostgreSQL does not answer (a restart, a
// failover: chancery.ErrUnavailable) is tried again, as reads are, for up
// to retryFor: its transaction was either committed or rolled back, so a
// new try stores the volume, or finds it stored and returns Unchanged.
func (db *DB) PutVolume(ctx context.Context, v *chancery.VolumeData) (chancery.PutResult, error) {
	deadline := time.Now().Add(retryFor)
	wait := 100 * time.Millisecond
	for {
		res, err := db.putVolume(ctx, v)
		if err == nil || !errors.Is(err, chancery.ErrUnavailable) || time.Now().After(deadline) {
			return res, err
		}
		select {
		case <-ctx.Done():
			return res, err
		case <-time.After(wait):
		}
		wait = min(wait*2, 2*time.Second)
	}
}

func (db *DB) putVolume(ctx context.Context, v *chancery.VolumeData) (chancery.PutResult, error) {
	vol := v.Volume
	if vol == nil || vol.ID == "" {
		return 0, errors.New("put volume: no volume id")
	}
	if hash, err := db.VolumeHash(ctx, vol.ID); err == nil && hash == vol.Hash && vol.Hash != "" {
		return chancery.Unchanged, nil
	}
	stats := v.Stats()
	volRecord, err := db.codec.Encode(vol)
	if err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, explain(err))
	}
	encoded, err := db.codec.Prepare(v)
	if err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, explain(err))
	}
	index, counts := engine.IndexVolume(encoded)
	meta := engine.EncodeVolumeMeta(engine.VolumeMeta(encoded, counts))

	first, err := db.reserveRowids(ctx, len(encoded))
	if err != nil {
		return 0, fmt.Errorf("put volume %s: reserve rowids: %w", vol.ID, explain(err))
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, explain(err))
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, hashtext($2))", int32(lockVolume>>32), vol.ID); err != nil {
		return 0, fmt.Errorf("put volume %s: lock: %w", vol.ID, explain(err))
	}
	result := chancery.Added
	var oldHash string
	switch err := tx.QueryRow(ctx, "SELECT hash FROM volumes WHERE id = $1", vol.ID).Scan(&oldHash); {
	case err == nil:
		if oldHash == vol.Hash && vol.Hash != "" {
			return chancery.Unchanged, nil
		}
		result = chancery.Replaced
		if err := deleteVolume(ctx, tx, vol.ID); err != nil {
			return 0, fmt.Errorf("put volume %s: %w", vol.ID, explain(err))
		}
	case errors.Is(err, pgx.ErrNoRows):
	default:
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, explain(err))
	}
	if err := insert(ctx, tx, v, stats, volRecord, encoded, index, meta, first, db.bulk.Load()); err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, explain(err))
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, explain(err))
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("put volume %s: commit: %w", vol.ID, explain(err))
	}
	return result, nil
}

// reserveRowids takes n consecutive document rowids and returns the first:
// a volume's documents are numbered without a gap, so that each word's
// postings, read in order of their volumes' first rowids, come in rowid
// order without sorting.
func (db *DB) reserveRowids(ctx context.Context, n int) (int64, error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockRowids); err != nil {
		return 0, err
	}
	var last int64
	if err := tx.QueryRow(ctx, "SELECT setval('documents_rowid_seq', nextval('documents_rowid_seq') + $1 - 1)", max(n, 1)).Scan(&last); err != nil {
		return 0, err
	}
	return last - int64(max(n, 1)) + 1, tx.Commit(ctx)
}

var documentColumns = []string{"rowid", "volume", "id", "ordinal", "n", "subtype", "parent", "title", "date_min", "date_max",
	"first_page", "last_page", "doc_type", "year", "record", "text_z"}

// insert inserts a volume, its documents with the rowids from first on,
// and their postings (engine.IndexVolume's rows 1, 2, …, offset by the
// rowid before first). In a bulk run (pending) its words are counted in
// the vocabulary only when the run ends.
func insert(ctx context.Context, tx pgx.Tx, v *chancery.VolumeData, st chancery.VolumeStats, volRecord []byte,
	docs []record.Prepared, index *engine.Postings, meta []byte, first int64, pending bool) error {
	vol := v.Volume
	ingested := vol.Ingested
	if ingested.IsZero() {
		ingested = time.Now().UTC()
	}
	_, err := tx.Exec(ctx, `INSERT INTO volumes (id, hash, source, bytes, ingested, title, documents, notes, pages, persons, terms, refs, dated, warnings, record,
			search_base, search_meta, vocab_pending)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		vol.ID, vol.Hash, vol.Source, vol.Bytes, ingested, vol.Titles.Complete,
		st.Documents, st.Notes, st.Pages, st.Persons, st.Terms, st.Refs, st.Dated, st.Warnings, volRecord,
		first-1, meta, pending)
	if err != nil {
		return fmt.Errorf("insert volume: %w", err)
	}
	rows := make([][]any, len(docs))
	for i, p := range docs {
		d := p.Doc
		var dmin, dmax any
		if d.Date != nil {
			dmin, dmax = d.Date.Min.UTC(), d.Date.Max.UTC()
		}
		rows[i] = []any{first + int64(i), vol.ID, d.ID, d.Ordinal, d.N, d.Subtype, d.Parent, d.Title, dmin, dmax,
			d.FirstPage(), d.LastPage(), d.Type, d.Year(), p.Record, p.TextZ}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"documents"}, documentColumns, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("insert documents: %w", err)
	}
	var notes, pages, refs, warns [][]any
	for _, p := range docs {
		d := p.Doc
		if d.SourceNote != nil && d.SourceNote.ID != "" {
			notes = append(notes, []any{vol.ID, d.SourceNote.ID, d.ID, d.SourceNote.N})
		}
		for _, n := range d.Notes {
			notes = append(notes, []any{vol.ID, n.ID, d.ID, n.N})
		}
		for _, r := range d.Refs {
			refs = append(refs, []any{vol.ID, d.ID, r.Note, r.Target})
		}
	}
	for i, pg := range vol.Pages {
		pages = append(pages, []any{vol.ID, i + 1, pg.ID, pg.N, pg.Document})
	}
	for i, w := range v.Warnings {
		warns = append(warns, []any{vol.ID, i + 1, w.File, w.Line, w.Kind, w.Document, w.Message})
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"notes", []string{"volume", "id", "document", "n"}, notes},
		{"pages", []string{"volume", "seq", "id", "n", "document"}, pages},
		{"refs", []string{"volume", "document", "note", "target"}, refs},
		{"warnings", []string{"volume", "seq", "file", "line", "kind", "document", "message"}, warns},
	} {
		if len(c.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
			return fmt.Errorf("insert %s: %w", c.table, err)
		}
	}
	if err := insertCitations(ctx, tx, v.Citations); err != nil {
		return err
	}
	if err := insertPeople(ctx, tx, v.People); err != nil {
		return err
	}
	return putPostings(ctx, tx, vol.ID, index, first-1, !pending)
}

// putPostings stores a volume's postings and, if counted, adds its words
// (not the pairs of common words, engine.IsPair) to the vocabulary.
func putPostings(ctx context.Context, tx pgx.Tx, volume string, vp *engine.Postings, base int64, counted bool) error {
	words := vp.Words()
	posts := make([][]any, len(words))
	for i, w := range words {
		data, docs, first := vp.Encode(w, base)
		posts[i] = []any{w, volume, docs, first, data}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"postings"}, []string{"word", "volume", "docs", "first_row", "data"}, pgx.CopyFromRows(posts)); err != nil {
		return fmt.Errorf("insert postings: %w", err)
	}
	if !counted {
		return nil
	}
	// The vocabulary is shared by every volume: one writer at a time, in
	// word order.
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockVocab); err != nil {
		return fmt.Errorf("lock vocabulary: %w", err)
	}
	return countWords(ctx, tx, `INSERT INTO vocab (word, docs) SELECT word, docs FROM postings WHERE volume = $1 AND word NOT LIKE $2 ORDER BY word
		ON CONFLICT (word) DO UPDATE SET docs = vocab.docs + excluded.docs
		RETURNING word, xmax = 0`, volume, engine.PairLike)
}

// countWords runs insert, which adds words to the vocabulary and returns
// each with whether it is new, and gives the new words their stems. The
// caller holds the vocabulary's lock.
func countWords(ctx context.Context, tx pgx.Tx, insert string, args ...any) error {
	rows, err := tx.Query(ctx, insert, args...)
	if err != nil {
		return fmt.Errorf("update vocabulary: %w", err)
	}
	// The words new to the corpus get their stems, computed here once so
	// that no node has to.
	var added, stems []string
	for rows.Next() {
		var (
			word  string
			isNew bool
		)
		if err := rows.Scan(&word, &isNew); err != nil {
			rows.Close()
			return fmt.Errorf("update vocabulary: %w", err)
		}
		if isNew {
			added = append(added, word)
			stems = append(stems, hits.Stem(word))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("update vocabulary: %w", err)
	}
	if len(added) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE vocab v SET stem = n.stem FROM unnest($1::text[], $2::text[]) AS n (word, stem) WHERE v.word = n.word`,
			added, stems); err != nil {
			return fmt.Errorf("update vocabulary: %w", err)
		}
	}
	return nil
}

// deleteVolume removes a stored volume, its words from the vocabulary
// (unless a bulk run has yet to count them there) and its postings.
func deleteVolume(ctx context.Context, tx pgx.Tx, id string) error {
	var pending bool
	if err := tx.QueryRow(ctx, "SELECT vocab_pending FROM volumes WHERE id = $1", id).Scan(&pending); err != nil {
		return fmt.Errorf("read volume: %w", err)
	}
	if !pending {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockVocab); err != nil {
			return fmt.Errorf("lock vocabulary: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE vocab v SET docs = v.docs - p.docs FROM postings p WHERE p.volume = $1 AND v.word = p.word`, id); err != nil {
			return fmt.Errorf("update vocabulary: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM vocab v USING postings p WHERE p.volume = $1 AND v.word = p.word AND v.docs <= 0`, id); err != nil {
			return fmt.Errorf("update vocabulary: %w", err)
		}
	}
	if err := deleteCitations(ctx, tx, id); err != nil {
		return err
	}
	for _, q := range []string{"DELETE FROM postings WHERE volume = $1", "DELETE FROM document_people WHERE volume = $1", "DELETE FROM volumes WHERE id = $1"} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// reindex builds the full-text index of documents stored before it
// existed (schema version 2), volume by volume, each in a transaction.
func (db *DB) reindex(ctx context.Context) error {
	var pending int64
	err := db.pool.QueryRow(ctx, "SELECT value FROM meta WHERE key = 'reindex'").Scan(&pending)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && pending == 0 {
		return nil
	}
	if err != nil {
		return err
	}
	stats, err := db.volumes(ctx)
	if err != nil {
		return err
	}
	for _, st := range stats {
		if err := db.reindexVolume(ctx, st.ID); err != nil {
			return fmt.Errorf("index volume %s: %w", st.ID, err)
		}
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, "UPDATE meta SET value = 0 WHERE key = 'reindex'"); err != nil {
		return err
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func (db *DB) reindexVolume(ctx context.Context, id string) error {
	vol, err := db.Volume(ctx, id)
	if err != nil {
		return err
	}
	docs, err := db.documents(ctx, id)
	if err != nil {
		return err
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, hashtext($2))", int32(lockVolume>>32), id); err != nil {
		return err
	}
	var done bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM postings WHERE volume = $1)", id).Scan(&done); err != nil || done {
		return err // indexed by an ingest, or by another node
	}
	stored := make([]engine.Stored, len(docs))
	for i, d := range docs {
		if err := tx.QueryRow(ctx, "SELECT rowid FROM documents WHERE volume = $1 AND id = $2", id, d.ID).Scan(&stored[i].Row); err != nil {
			return fmt.Errorf("document %s: %w", d.ID, err)
		}
		stored[i].Doc = d
	}
	vp, meta, err := engine.IndexStored(vol, stored)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE volumes SET search_base = 0, search_meta = $1 WHERE id = $2", meta, id); err != nil {
		return err
	}
	if err := putPostings(ctx, tx, id, vp, 0, true); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
