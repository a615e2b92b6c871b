package sqlite

import (
	"context"
	"fmt"

	"github.com/chancery-frus/chancery/internal/hits"
)

// vocabulary returns the index's vocabulary (see hits.Vocab) for
// generation gen: from its snapshot when there is one, else from the
// index.
func (s *DB) vocabulary(ctx context.Context, gen int64) (*hits.Vocab, error) {
	return s.vocab.Get(ctx, gen, func() (*hits.Vocab, error) {
		if v, ok := s.vocabSnapshot(ctx, gen); ok {
			return v, nil
		}
		rows, err := s.db.QueryContext(ctx, "SELECT term, doc FROM search_vocab")
		if err != nil {
			return nil, fmt.Errorf("load vocabulary: %w", err)
		}
		defer rows.Close()
		v := hits.NewVocab(0)
		for rows.Next() {
			var term string
			var docs int
			if err := rows.Scan(&term, &docs); err != nil {
				return nil, fmt.Errorf("load vocabulary: %w", err)
			}
			v.Add(term, "", docs)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("load vocabulary: %w", err)
		}
		return v.Done(), nil
	})
}

// metadata returns the documents' metadata (see hits.Meta) for generation
// gen: matching documents are filtered and counted in memory, without a
// join per hit.
func (s *DB) metadata(ctx context.Context, gen int64) (*hits.Meta, error) {
	return s.meta.Get(ctx, gen, func() (*hits.Meta, error) {
		m, err := loadMeta(ctx, s)
		if err != nil {
			return nil, fmt.Errorf("load document metadata: %w", err)
		}
		return m, nil
	})
}

// vocabSnapshot reads the vocabulary kept for generation gen, if there is
// one (see saveVocab).
func (s *DB) vocabSnapshot(ctx context.Context, gen int64) (*hits.Vocab, bool) {
	var z []byte
	if err := s.db.QueryRowContext(ctx, "SELECT data FROM vocab_snapshot WHERE gen = ?", gen).Scan(&z); err != nil {
		return nil, false
	}
	raw, err := s.codec.Expand(z)
	if err != nil {
		return nil, false
	}
	v, err := hits.DecodeVocab(raw)
	return v, err == nil
}

// saveVocab keeps the vocabulary of generation gen in place of any older
// one.
func (s *DB) saveVocab(ctx context.Context, gen int64, v *hits.Vocab) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM vocab_snapshot WHERE gen <> ?", gen); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "INSERT OR REPLACE INTO vocab_snapshot (gen, data) VALUES (?, ?)", gen, s.codec.Compress(v.Encode()))
	return err
}
