// Package schema reads a store's embedded migrations: numbered SQL files
// (migrations/0001_name.sql, 0002_…) applied in order, each once.
package schema

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Migration is one numbered SQL file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Pending returns the migrations of fsys (files migrations/*.sql) newer than
// version current, in order. A database whose version is newer than the
// last migration is refused, and so are files out of sequence.
func Pending(fsys fs.FS, current int) ([]Migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	if current > len(names) {
		return nil, fmt.Errorf("the database has schema version %d, newer than this chancery (%d): upgrade chancery", current, len(names))
	}
	var out []Migration
	for i, name := range names {
		version := i + 1
		if !strings.HasPrefix(name, fmt.Sprintf("migrations/%04d_", version)) {
			return nil, fmt.Errorf("migrate: %s is out of sequence, want number %04d", name, version)
		}
		if version <= current {
			continue
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: version, Name: name, SQL: string(body)})
	}
	return out, nil
}
