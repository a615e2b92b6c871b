package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
)

// chunkWords is the length of the pieces long documents are indexed in
// again: tsvector keeps positions up to 16,383 only.
const (
	chunkWords   = 15000
	chunkOverlap = 200
)

// prepared is a document ready to insert.
type prepared struct {
	doc      *chancery.Document
	record   []byte
	textZ    []byte
	persons  []string
	titleKey string
	title    string
	text     string // folded
	notes    string // folded
	names    string
	places   string
	long     bool
	chunks   []string
}

// PutVolume stores a volume in one transaction, replacing any stored
// version with another content hash. Two puts of one volume never
// interleave: they take an advisory lock on its id.
func (db *DB) PutVolume(ctx context.Context, v *chancery.VolumeData) (chancery.PutResult, error) {
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
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, err)
	}
	persons := vol.PersonIndex()
	docs := make([]prepared, len(v.Documents))
	for i, d := range v.Documents {
		rec, err := db.codec.Encode(d)
		if err != nil {
			return 0, fmt.Errorf("put volume %s: document %s: %w", vol.ID, d.ID, err)
		}
		names := d.PersonNames(persons)
		f := d.IndexFields(names)
		p := prepared{doc: d, record: rec, persons: names,
			textZ:    db.codec.PackText(f.Text, f.Notes),
			titleKey: strings.Join(query.Words(d.Title), " "),
			title:    fold(f.Title), text: fold(f.Text), notes: fold(f.Notes), names: fold(f.Persons), places: fold(f.Places),
		}
		if words := strings.Fields(p.text); len(words) > chunkWords {
			p.long = true
			for start := 0; start < len(words); start += chunkWords - chunkOverlap {
				end := min(start+chunkWords, len(words))
				p.chunks = append(p.chunks, strings.Join(words[start:end], " "))
				if end == len(words) {
					break
				}
			}
		}
		docs[i] = p
	}

	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, hashtext($2))", int32(lockVolume>>32), vol.ID); err != nil {
		return 0, fmt.Errorf("put volume %s: lock: %w", vol.ID, err)
	}
	result := chancery.Added
	var oldHash string
	switch err := tx.QueryRow(ctx, "SELECT hash FROM volumes WHERE id = $1", vol.ID).Scan(&oldHash); {
	case err == nil:
		if oldHash == vol.Hash && vol.Hash != "" {
			return chancery.Unchanged, nil
		}
		result = chancery.Replaced
		if _, err := tx.Exec(ctx, "DELETE FROM volumes WHERE id = $1", vol.ID); err != nil {
			return 0, fmt.Errorf("put volume %s: %w", vol.ID, err)
		}
	case errors.Is(err, pgx.ErrNoRows):
	default:
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, err)
	}
	if err := insert(ctx, tx, v, stats, volRecord, docs); err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, err)
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return 0, fmt.Errorf("put volume %s: %w", vol.ID, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("put volume %s: commit: %w", vol.ID, err)
	}
	return result, nil
}

// fold prepares text for the index: lower case, no diacritics, the
// modifier apostrophe as an apostrophe.
func fold(s string) string {
	return query.Fold(strings.ReplaceAll(s, string(query.ModifierApostrophe), "’"))
}

const insertDocument = `INSERT INTO documents (volume, id, ordinal, n, subtype, parent, title, title_key, date_min, date_max,
	first_page, last_page, doc_type, year, record, text_z, long, tsv, stem, names)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
	setweight(to_tsvector('simple', $18), 'A') || setweight(to_tsvector('simple', $19), 'B') || setweight(to_tsvector('simple', $20), 'C'),
	setweight(to_tsvector('chancery_stem', $18), 'A') || setweight(to_tsvector('chancery_stem', $19), 'B') || setweight(to_tsvector('chancery_stem', $20), 'C'),
	setweight(to_tsvector('chancery_stem', $21), 'A') || setweight(to_tsvector('chancery_stem', $22), 'B'))
	RETURNING rowid`

func insert(ctx context.Context, tx pgx.Tx, v *chancery.VolumeData, st chancery.VolumeStats, volRecord []byte, docs []prepared) error {
	vol := v.Volume
	ingested := vol.Ingested
	if ingested.IsZero() {
		ingested = time.Now().UTC()
	}
	_, err := tx.Exec(ctx, `INSERT INTO volumes (id, hash, source, bytes, ingested, title, documents, notes, pages, persons, terms, refs, dated, warnings, record)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		vol.ID, vol.Hash, vol.Source, vol.Bytes, ingested, vol.Titles.Complete,
		st.Documents, st.Notes, st.Pages, st.Persons, st.Terms, st.Refs, st.Dated, st.Warnings, volRecord)
	if err != nil {
		return fmt.Errorf("insert volume: %w", err)
	}
	batch := &pgx.Batch{}
	for _, p := range docs {
		d := p.doc
		var dmin, dmax any
		if d.Date != nil {
			dmin, dmax = d.Date.Min.UTC(), d.Date.Max.UTC()
		}
		batch.Queue(insertDocument, vol.ID, d.ID, d.Ordinal, d.N, d.Subtype, d.Parent, d.Title, p.titleKey, dmin, dmax,
			d.FirstPage(), d.LastPage(), d.Type, d.Year(), p.record, p.textZ, p.long, p.title, p.text, p.notes, p.names, p.places)
	}
	rowids := make([]int64, len(docs))
	br := tx.SendBatch(ctx, batch)
	for i := range docs {
		if err := br.QueryRow().Scan(&rowids[i]); err != nil {
			br.Close()
			return fmt.Errorf("insert document %s: %w", docs[i].doc.ID, err)
		}
	}
	if err := br.Close(); err != nil {
		return err
	}
	var chunks, persons, notes, pages, refs, warns [][]any
	for i, p := range docs {
		for k, c := range p.chunks {
			chunks = append(chunks, []any{rowids[i], k, c})
		}
		for _, name := range p.persons {
			persons = append(persons, []any{rowids[i], name})
		}
		d := p.doc
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
		{"doc_persons", []string{"doc", "name"}, persons},
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
	for _, c := range chunks {
		if _, err := tx.Exec(ctx, "INSERT INTO chunks (doc, seq, tsv) VALUES ($1, $2, to_tsvector('simple', $3))", c...); err != nil {
			return fmt.Errorf("insert chunk: %w", err)
		}
	}
	return nil
}
