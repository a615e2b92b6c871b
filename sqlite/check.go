package sqlite

import (
	"context"
	"fmt"
	"strings"
)

// Check verifies the database: SQLite's integrity check of every table
// and index, the full-text index's own check (not on a read-only open:
// SQLite runs it as a write), and that each volume's stored counts match
// its rows, and the full-text index has one row per document. It returns
// nil, or an error listing what is wrong.
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
	if !s.readOnly {
		if _, err := s.db.ExecContext(ctx, "INSERT INTO search(search) VALUES ('integrity-check')"); err != nil {
			problems = append(problems, "full-text index: "+s.explain(err).Error())
		}
	}
	for _, q := range []struct{ what, sql string }{
		{"documents", "SELECT v.id, v.documents, (SELECT count(*) FROM documents d WHERE d.volume = v.id) FROM volumes v"},
		{"pages", "SELECT v.id, v.pages, (SELECT count(*) FROM pages p WHERE p.volume = v.id) FROM volumes v"},
		{"warnings", "SELECT v.id, v.warnings, (SELECT count(*) FROM warnings w WHERE w.volume = v.id) FROM volumes v"},
		{"documents of no volume", "SELECT 'documents', 0, count(*) FROM documents WHERE volume NOT IN (SELECT id FROM volumes)"},
		{"full-text rows", "SELECT 'search', (SELECT count(*) FROM documents), (SELECT count(*) FROM search)"},
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
