package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/chancery-frus/chancery/internal/engine"
)

// Check verifies the database: SQLite's integrity check of every table
// and index, that each volume's stored counts match its rows, and that
// the vocabulary's counts of documents agree with the postings. It
// returns nil, or an error listing what is wrong.
func (s *DB) Check(ctx context.Context) error {
	var problems []string
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("check %s: %w", s.path, s.explain(err))
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return fmt.Errorf("check %s: %w", s.path, s.explain(err))
		}
		if line != "ok" {
			problems = append(problems, "integrity check: "+line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check %s: %w", s.path, s.explain(err))
	}
	for _, q := range []struct{ what, sql string }{
		{"documents", "SELECT v.id, v.documents, (SELECT count(*) FROM documents d WHERE d.volume = v.id) FROM volumes v"},
		{"pages", "SELECT v.id, v.pages, (SELECT count(*) FROM pages p WHERE p.volume = v.id) FROM volumes v"},
		{"warnings", "SELECT v.id, v.warnings, (SELECT count(*) FROM warnings w WHERE w.volume = v.id) FROM volumes v"},
		{"documents of no volume", "SELECT 'documents', 0, count(*) FROM documents WHERE volume NOT IN (SELECT id FROM volumes)"},
		{"volumes without search metadata", "SELECT 'volumes', 0, count(*) FROM volumes WHERE search_meta IS NULL"},
		{"postings of no volume", "SELECT 'postings', 0, count(*) FROM postings WHERE volume NOT IN (SELECT id FROM volumes)"},
		// The words of the volumes a bulk run has yet to count (vocab_pending) are not in the vocabulary.
		{"vocabulary words whose count disagrees with the postings", `SELECT 'vocab', 0, count(*) FROM vocab v
			WHERE v.docs <> (SELECT coalesce(sum(p.docs), 0) FROM postings p WHERE p.word = v.word AND p.volume NOT IN (SELECT id FROM volumes WHERE vocab_pending))`},
		{"words of the postings missing from the vocabulary", "SELECT 'vocab', 0, count(DISTINCT word) FROM postings WHERE word NOT LIKE '" + engine.PairLike + "' AND volume NOT IN (SELECT id FROM volumes WHERE vocab_pending) AND word NOT IN (SELECT word FROM vocab)"},
	} {
		rows, err := s.db.QueryContext(ctx, q.sql)
		if err != nil {
			return fmt.Errorf("check %s: %s: %w", s.path, q.what, s.explain(err))
		}
		for rows.Next() {
			var id string
			var want, got int
			if err := rows.Scan(&id, &want, &got); err != nil {
				rows.Close()
				return fmt.Errorf("check %s: %s: %w", s.path, q.what, s.explain(err))
			}
			if want != got {
				problems = append(problems, fmt.Sprintf("%s: %s: %d expected, %d stored", id, q.what, want, got))
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("check %s: %s: %w", s.path, q.what, s.explain(err))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("check %s: %s", s.path, strings.Join(problems, "; "))
	}
	return nil
}
