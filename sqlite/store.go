package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/engine"
	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/internal/record"
)

const timeFormat = "2006-01-02T15:04:05Z"

// PutVolume stores a volume in one transaction, replacing any stored
// version with a different content hash.
func (s *DB) PutVolume(ctx context.Context, v *chancery.VolumeData) (chancery.PutResult, error) {
	vol := v.Volume
	if vol == nil || vol.ID == "" {
		return 0, errors.New("put volume: no volume id")
	}
	if hash, err := s.VolumeHash(ctx, vol.ID); err == nil && hash == vol.Hash && vol.Hash != "" {
		return chancery.Unchanged, nil
	}
	stats := v.Stats()
	volRecord, err := s.codec.Encode(vol)
	if err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, s.explain(err))
	}
	encoded, err := s.codec.Prepare(v)
	if err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, s.explain(err))
	}
	index, counts := engine.IndexVolume(encoded)
	meta := engine.EncodeVolumeMeta(engine.VolumeMeta(encoded, counts))

	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, s.explain(err))
	}
	defer tx.Rollback()
	result := chancery.Added
	var oldHash string
	switch err := tx.QueryRowContext(ctx, "SELECT hash FROM volumes WHERE id = ?", vol.ID).Scan(&oldHash); {
	case err == nil:
		if oldHash == vol.Hash && vol.Hash != "" {
			return chancery.Unchanged, nil
		}
		result = chancery.Replaced
		if err := s.deleteVolume(ctx, tx, vol.ID); err != nil {
			return 0, fmt.Errorf("put volume %s: %w", vol.ID, s.explain(err))
		}
	case errors.Is(err, sql.ErrNoRows):
	default:
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, s.explain(err))
	}
	if err := insertVolume(ctx, tx, v, stats, volRecord, encoded, index, meta, s.bulking); err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, s.explain(err))
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, s.explain(err))
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("put volume %s: commit: %w", vol.ID, s.explain(err))
	}
	if s.bulking {
		s.run.add(vol.ID, index)
	}
	s.invalidateGeneration()
	return result, nil
}

var childTables = []string{"warnings", "refs", "pages", "notes", "documents", "postings", "document_people"}

// deleteVolume removes a stored volume, its words from the vocabulary
// (unless a bulk run has yet to count them there) and its postings.
func (s *DB) deleteVolume(ctx context.Context, tx *sql.Tx, id string) error {
	var pending bool
	if err := tx.QueryRowContext(ctx, "SELECT vocab_pending FROM volumes WHERE id = ?", id).Scan(&pending); err != nil {
		return fmt.Errorf("read volume: %w", err)
	}
	if pending {
		s.run.forget() // its words, counted in the run's, cannot be taken out of them
	}
	// By the volume's postings (postings_volume), so that a run without
	// the index by word (bulk.go) deletes as fast.
	uncount := []string{
		"UPDATE vocab SET docs = vocab.docs - p.docs FROM (SELECT word, docs FROM postings WHERE volume = ?1) AS p WHERE vocab.word = p.word",
		"DELETE FROM vocab WHERE docs <= 0 AND word IN (SELECT word FROM postings WHERE volume = ?1)",
	}
	if pending {
		uncount = nil
	}
	for _, q := range uncount {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("update vocabulary: %w", err)
		}
	}
	if err := deleteCitations(ctx, tx, id); err != nil {
		return err
	}
	for _, t := range childTables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE volume = ?", id); err != nil {
			return fmt.Errorf("delete %s: %w", t, err)
		}
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM volumes WHERE id = ?", id)
	return err
}

// inserter prepares one statement and runs it many times.
type inserter struct {
	stmt *sql.Stmt
	err  error
}

func (i *inserter) exec(ctx context.Context, args ...any) {
	if i.err == nil {
		_, i.err = i.stmt.ExecContext(ctx, args...)
	}
}

// insertVolume inserts a volume, its documents and their postings. The
// documents take the rowids after the highest stored, in order, so that
// the rows 1, 2, … of the volume's postings (engine.IndexVolume) are
// stored offset by the rowid before the first. In a bulk run (pending)
// its words are counted in the vocabulary only when the run ends.
func insertVolume(ctx context.Context, tx *sql.Tx, v *chancery.VolumeData, st chancery.VolumeStats, volRecord []byte,
	docs []record.Prepared, index *engine.Postings, meta []byte, pending bool) error {
	vol := v.Volume
	ingested := vol.Ingested
	if ingested.IsZero() {
		ingested = time.Now().UTC()
	}
	var base int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(rowid), 0) FROM documents").Scan(&base); err != nil {
		return fmt.Errorf("number the documents: %w", err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO volumes
		(id, hash, source, bytes, ingested, title, documents, notes, pages, persons, terms, refs, dated, warnings, record, search_base, search_meta, vocab_pending)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		vol.ID, vol.Hash, vol.Source, vol.Bytes, ingested.Format(timeFormat), vol.Titles.Complete,
		st.Documents, st.Notes, st.Pages, st.Persons, st.Terms, st.Refs, st.Dated, st.Warnings, volRecord,
		base, meta, pending)
	if err != nil {
		return fmt.Errorf("insert volume: %w", err)
	}
	prep := func(q string) *inserter {
		stmt, err := tx.PrepareContext(ctx, q)
		return &inserter{stmt: stmt, err: err}
	}
	insDoc := prep(`INSERT INTO documents (rowid, volume, id, ordinal, n, subtype, parent, title, date_min, date_max, first_page, last_page, record, doc_type, year, text_z)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	insNote := prep(`INSERT INTO notes (volume, id, document, n) VALUES (?, ?, ?, ?)`)
	insRef := prep(`INSERT INTO refs (volume, document, note, target) VALUES (?, ?, ?, ?)`)
	insPage := prep(`INSERT INTO pages (volume, seq, id, n, document) VALUES (?, ?, ?, ?, ?)`)
	insWarn := prep(`INSERT INTO warnings (volume, seq, file, line, kind, document, message) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	all := []*inserter{insDoc, insNote, insRef, insPage, insWarn}
	defer func() {
		for _, i := range all {
			if i.stmt != nil {
				i.stmt.Close()
			}
		}
	}()
	for i, e := range docs {
		d := e.Doc
		var dmin, dmax any
		if d.Date != nil {
			dmin, dmax = d.Date.Min.UTC().Format(timeFormat), d.Date.Max.UTC().Format(timeFormat)
		}
		rowid := base + int64(i) + 1
		insDoc.exec(ctx, rowid, vol.ID, d.ID, d.Ordinal, d.N, d.Subtype, d.Parent, d.Title, dmin, dmax, d.FirstPage(), d.LastPage(), e.Record, d.Type, d.Year(), e.TextZ)
		if d.SourceNote != nil && d.SourceNote.ID != "" {
			insNote.exec(ctx, vol.ID, d.SourceNote.ID, d.ID, d.SourceNote.N)
		}
		for _, n := range d.Notes {
			insNote.exec(ctx, vol.ID, n.ID, d.ID, n.N)
		}
		for _, r := range d.Refs {
			insRef.exec(ctx, vol.ID, d.ID, r.Note, r.Target)
		}
	}
	for i, p := range vol.Pages {
		insPage.exec(ctx, vol.ID, i+1, p.ID, p.N, p.Document)
	}
	for i, w := range v.Warnings {
		insWarn.exec(ctx, vol.ID, i+1, w.File, w.Line, w.Kind, w.Document, w.Message)
	}
	for _, i := range all {
		if i.err != nil {
			return i.err
		}
	}
	if err := insertPeople(ctx, tx, v.People); err != nil {
		return err
	}
	if err := insertCitations(ctx, tx, v.Citations); err != nil {
		return err
	}
	return putPostings(ctx, tx, vol.ID, index, base, !pending)
}

// putPostings stores a volume's postings, their rows offset by base, and,
// if counted, adds its words (not the pairs of common words,
// engine.IsPair) to the vocabulary.
func putPostings(ctx context.Context, tx *sql.Tx, volume string, vp *engine.Postings, base int64, counted bool) error {
	words := vp.Words()
	posts := newBatch(ctx, tx, "INSERT INTO postings (word, volume, docs, first_row, data) VALUES ", 5, "")
	vocab := newBatch(ctx, tx, "INSERT INTO vocab (word, docs) VALUES ", 2, " ON CONFLICT (word) DO UPDATE SET docs = vocab.docs + excluded.docs")
	for _, w := range words {
		data, docs, first := vp.Encode(w, base)
		posts.add(w, volume, docs, first, data)
		if counted && !engine.IsPair(w) {
			vocab.add(w, docs)
		}
	}
	if err := posts.close(); err != nil {
		return fmt.Errorf("insert postings: %w", err)
	}
	if err := vocab.close(); err != nil {
		return fmt.Errorf("update vocabulary: %w", err)
	}
	if !counted {
		return nil
	}
	return stemNewWords(ctx, tx)
}

// stemNewWords computes the stems of the words new to the vocabulary.
func stemNewWords(ctx context.Context, tx *sql.Tx) error {
	var added []string
	rows, err := tx.QueryContext(ctx, "SELECT word FROM vocab WHERE stem = ''")
	if err != nil {
		return fmt.Errorf("update vocabulary: %w", err)
	}
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			rows.Close()
			return fmt.Errorf("update vocabulary: %w", err)
		}
		added = append(added, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("update vocabulary: %w", err)
	}
	stems := newBatch(ctx, tx, "INSERT INTO vocab (word, stem, docs) VALUES ", 3, " ON CONFLICT (word) DO UPDATE SET stem = excluded.stem")
	for _, w := range added {
		stems.add(w, hits.Stem(w), 0)
	}
	if err := stems.close(); err != nil {
		return fmt.Errorf("update vocabulary: %w", err)
	}
	return nil
}

// batch inserts rows many to a statement, which is much faster than one a
// statement: full batches run one prepared statement, the rest one of
// their own.
type batch struct {
	ctx        context.Context
	tx         *sql.Tx
	head, tail string // the statement before its VALUES' rows, and after
	cols       int
	args       []any
	full       *sql.Stmt
	err        error
}

// batchRows is how many rows a statement inserts.
const batchRows = 128

func newBatch(ctx context.Context, tx *sql.Tx, head string, cols int, tail string) *batch {
	return &batch{ctx: ctx, tx: tx, head: head, tail: tail, cols: cols, args: make([]any, 0, batchRows*cols)}
}

func (b *batch) statement(rows int) string {
	row := "(" + placeholders(b.cols) + ")"
	return b.head + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ") + b.tail
}

// add adds a row (cols values).
func (b *batch) add(values ...any) {
	if b.err != nil {
		return
	}
	b.args = append(b.args, values...)
	if len(b.args) < batchRows*b.cols {
		return
	}
	if b.full == nil {
		if b.full, b.err = b.tx.PrepareContext(b.ctx, b.statement(batchRows)); b.err != nil {
			return
		}
	}
	_, b.err = b.full.ExecContext(b.ctx, b.args...)
	b.args = b.args[:0]
}

// close inserts the rows left and returns the first error.
func (b *batch) close() error {
	if b.full != nil {
		defer b.full.Close()
	}
	if b.err == nil && len(b.args) > 0 {
		_, b.err = b.tx.ExecContext(b.ctx, b.statement(len(b.args)/b.cols), b.args...)
	}
	return b.err
}

// reindex builds the index of documents stored before it existed
// (schema version 5), volume by volume, each in a transaction.
func (s *DB) reindex(ctx context.Context) error {
	var pending int64
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'reindex'").Scan(&pending)
	if errors.Is(err, sql.ErrNoRows) || err == nil && pending == 0 {
		return nil
	}
	if err != nil {
		return err
	}
	stats, err := s.Volumes(ctx)
	if err != nil {
		return err
	}
	for _, st := range stats {
		if err := s.reindexVolume(ctx, st.ID); err != nil {
			return fmt.Errorf("index volume %s: %w", st.ID, err)
		}
	}
	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE meta SET value = 0 WHERE key = 'reindex'"); err != nil {
		return err
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.invalidateGeneration()
	return nil
}

func (s *DB) reindexVolume(ctx context.Context, id string) error {
	vol, err := s.Volume(ctx, id)
	if err != nil {
		return err
	}
	docs, err := s.Documents(ctx, id)
	if err != nil {
		return err
	}
	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var done bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM postings WHERE volume = ?)", id).Scan(&done); err != nil || done {
		return err // indexed already, by a run that stopped before the end
	}
	stored := make([]engine.Stored, len(docs))
	for i, d := range docs {
		if err := tx.QueryRowContext(ctx, "SELECT rowid FROM documents WHERE volume = ? AND id = ?", id, d.ID).Scan(&stored[i].Row); err != nil {
			return fmt.Errorf("document %s: %w", d.ID, err)
		}
		stored[i].Doc = d
	}
	vp, meta, err := engine.IndexStored(vol, stored)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE volumes SET search_base = 0, search_meta = ? WHERE id = ?", meta, id); err != nil {
		return err
	}
	if err := putPostings(ctx, tx, id, vp, 0, true); err != nil {
		return err
	}
	return tx.Commit()
}

// VolumeHash returns the content hash of a stored volume.
func (s *DB) VolumeHash(ctx context.Context, id string) (string, error) {
	var h string
	err := s.db.QueryRowContext(ctx, "SELECT hash FROM volumes WHERE id = ?", id).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("volume %s: %w", id, chancery.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("volume %s: %w", id, s.explain(err))
	}
	return h, nil
}

// Volume returns a stored volume without its documents.
func (s *DB) Volume(ctx context.Context, id string) (*chancery.Volume, error) {
	var (
		rec      []byte
		ingested string
	)
	err := s.db.QueryRowContext(ctx, "SELECT record, ingested FROM volumes WHERE id = ?", id).Scan(&rec, &ingested)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("volume %s: %w", id, chancery.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("volume %s: %w", id, s.explain(err))
	}
	v := new(chancery.Volume)
	if err := s.codec.Decode(rec, v); err != nil {
		return nil, fmt.Errorf("volume %s: decode record: %w", id, s.explain(err))
	}
	v.Ingested, _ = time.Parse(timeFormat, ingested)
	return v, nil
}

// Volumes returns the counts of every stored volume.
func (s *DB) Volumes(ctx context.Context) ([]chancery.VolumeStats, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, documents, notes, pages, persons, terms, refs, dated, warnings
		FROM volumes ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list volumes: %w", s.explain(err))
	}
	defer rows.Close()
	out, err := record.ScanStats(rows)
	if err != nil {
		return nil, fmt.Errorf("list volumes: %w", s.explain(err))
	}
	return out, nil
}

// Document returns one stored document.
func (s *DB) Document(ctx context.Context, volume, id string) (*chancery.Document, error) {
	var rec []byte
	err := s.db.QueryRowContext(ctx, "SELECT record FROM documents WHERE volume = ? AND id = ?", volume, id).Scan(&rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %s/%s: %w", volume, id, chancery.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document %s/%s: %w", volume, id, s.explain(err))
	}
	d := new(chancery.Document)
	if err := s.codec.Decode(rec, d); err != nil {
		return nil, fmt.Errorf("document %s/%s: decode record: %w", volume, id, s.explain(err))
	}
	return d, nil
}

// Documents returns the documents of a volume in order.
func (s *DB) Documents(ctx context.Context, volume string) ([]*chancery.Document, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT record FROM documents WHERE volume = ? ORDER BY ordinal", volume)
	if err != nil {
		return nil, fmt.Errorf("documents of %s: %w", volume, s.explain(err))
	}
	defer rows.Close()
	out, err := s.codec.ScanDocuments(rows)
	if err != nil {
		return nil, fmt.Errorf("documents of %s: %w", volume, s.explain(err))
	}
	return out, nil
}

// Warnings returns the warnings recorded for a volume.
func (s *DB) Warnings(ctx context.Context, volume string) ([]chancery.Warning, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT file, line, kind, document, message FROM warnings WHERE volume = ? ORDER BY seq", volume)
	if err != nil {
		return nil, fmt.Errorf("warnings of %s: %w", volume, s.explain(err))
	}
	defer rows.Close()
	out, err := record.ScanWarnings(rows)
	if err != nil {
		return nil, fmt.Errorf("warnings of %s: %w", volume, s.explain(err))
	}
	return out, nil
}

// DeleteVolume removes a volume and all stored with it.
func (s *DB) DeleteVolume(ctx context.Context, id string) error {
	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete volume %s: %w", id, s.explain(err))
	}
	defer tx.Rollback()
	var one int
	if err := tx.QueryRowContext(ctx, "SELECT 1 FROM volumes WHERE id = ?", id).Scan(&one); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("delete volume %s: %w", id, chancery.ErrNotFound)
		}
		return fmt.Errorf("delete volume %s: %w", id, s.explain(err))
	}
	if err := s.deleteVolume(ctx, tx, id); err != nil {
		return fmt.Errorf("delete volume %s: %w", id, s.explain(err))
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return fmt.Errorf("delete volume %s: %w", id, s.explain(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete volume %s: %w", id, s.explain(err))
	}
	s.invalidateGeneration()
	return nil
}

// bumpGeneration records a change to the corpus, so that caches refresh.
// The generation is the time of the change in Unix nanoseconds, or one
// more than the last generation if the clock is behind it.
func bumpGeneration(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE meta SET value = max(value + 1, ?) WHERE key = 'generation'", time.Now().UnixNano())
	return err
}

// generation returns the corpus generation. It is read from the database
// at most every genTTL, and at once after a write through this DB, so that
// a search sees this process's ingests immediately and other processes'
// within genTTL.
func (s *DB) generation(ctx context.Context) (int64, error) {
	s.gen.mu.Lock()
	defer s.gen.mu.Unlock()
	if !s.gen.stale && time.Since(s.gen.read) < genTTL {
		return s.gen.value, nil
	}
	var g int64
	if err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'generation'").Scan(&g); err != nil {
		return 0, fmt.Errorf("read the corpus generation: %w", s.explain(err))
	}
	s.gen.value, s.gen.read, s.gen.stale = g, time.Now(), false
	return g, nil
}

const genTTL = time.Second

// genCache remembers the corpus generation.
type genCache struct {
	mu    sync.Mutex
	value int64
	read  time.Time
	stale bool
}

func (s *DB) invalidateGeneration() {
	s.gen.mu.Lock()
	s.gen.stale = true
	s.gen.mu.Unlock()
}

// Generation returns the corpus generation, which every write changes.
func (s *DB) Generation(ctx context.Context) (int64, error) { return s.generation(ctx) }

// Locate tells what an id of a volume names.
func (s *DB) Locate(ctx context.Context, volume, id string) (chancery.Location, error) {
	var doc string
	err := s.db.QueryRowContext(ctx, "SELECT id FROM documents WHERE volume = ? AND id = ?", volume, id).Scan(&doc)
	if err == nil {
		return chancery.Location{Kind: chancery.LocDocument, Document: doc}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return chancery.Location{}, fmt.Errorf("locate %s/%s: %w", volume, id, s.explain(err))
	}
	err = s.db.QueryRowContext(ctx, "SELECT document FROM notes WHERE volume = ? AND id = ?", volume, id).Scan(&doc)
	if err == nil {
		return chancery.Location{Kind: chancery.LocNote, Document: doc}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return chancery.Location{}, fmt.Errorf("locate %s/%s: %w", volume, id, s.explain(err))
	}
	err = s.db.QueryRowContext(ctx, "SELECT document FROM pages WHERE volume = ? AND id = ? ORDER BY seq LIMIT 1", volume, id).Scan(&doc)
	if err == nil {
		return chancery.Location{Kind: chancery.LocPage, Document: doc}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return chancery.Location{}, fmt.Errorf("locate %s/%s: %w", volume, id, s.explain(err))
	}
	return chancery.Location{}, fmt.Errorf("locate %s/%s: %w", volume, id, chancery.ErrNotFound)
}
