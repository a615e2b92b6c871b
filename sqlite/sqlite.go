// Package sqlite stores Chancery's corpus in one embedded SQLite file, in
// WAL mode, with its schema migrations embedded in the binary.
//
// The default build uses the pure-Go driver modernc.org/sqlite, so that
// `go build` and `go install` need no C compiler. Building with
// `-tags "sqlite_cgo sqlite_fts5"` uses github.com/mattn/go-sqlite3 instead,
// which is faster and needs cgo (FTS5 serves only the search benchmark's
// baseline: the store's own index is package engine's).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/engine"
	"github.com/chancery-frus/chancery/internal/record"
	"github.com/chancery-frus/chancery/internal/schema"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a Chancery store in a SQLite file. It implements chancery.Store.
type DB struct {
	db   *sql.DB
	path string
	// readOnly: opened by OpenReadOnly, which never writes.
	readOnly bool
	// write serialises this process's write transactions, so that they
	// queue here rather than in SQLite's busy handler.
	write sync.Mutex
	codec record.Codec
	gen   genCache
	// searcher runs searches, with this process's caches.
	searcher *engine.Searcher
	// bulk is the bulk lock while this DB runs a bulk run (bulk.go), and
	// bulking is set meanwhile, with the words of the run's volumes
	// counted as they are stored; all are read and written under write.
	bulk    bulkLock
	bulking bool
	run     *runWords
}

var _ chancery.Store = (*DB)(nil)

// connections is the size of a database's pool of connections: with WAL,
// reads run side by side, each on a connection of its own.
const connections = 4

// Connections returns how many connections the database's pool holds, so
// that a server can keep some free for its cheap requests.
func (s *DB) Connections() int { return connections }

// Open opens the SQLite database at path, creating it if needed, and
// brings its schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: no database path given")
	}
	db, err := sql.Open(driverName, dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(connections)
	db.SetMaxIdleConns(connections)
	s := newDB(db, path, false)
	err = s.migrate(ctx)
	if err == nil {
		err = s.reindex(ctx)
	}
	if err == nil {
		err = s.recoverBulk(ctx) // a bulk run that never ended
	}
	if err != nil {
		db.Close()
		if err := s.explain(err); explained(err) {
			return nil, err // it names the file
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// newDB returns a store over an open database.
func newDB(db *sql.DB, path string, readOnly bool) *DB {
	s := &DB{db: db, path: path, readOnly: readOnly}
	s.searcher = engine.NewSearcher(source{s}, &s.codec)
	return s
}

// Optimize lets SQLite refresh its query planner's statistics after an
// ingest run (PRAGMA optimize).
func (s *DB) Optimize(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "PRAGMA optimize"); err != nil {
		return fmt.Errorf("optimize %s: %w", s.path, s.explain(err))
	}
	return nil
}

// OpenRaw opens a SQLite file with Chancery's connection settings but no
// schema, for tools that need plain SQL (the search benchmark's baseline).
func OpenRaw(path string) (*sql.DB, error) {
	db, err := sql.Open(driverName, dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// Close closes the database, and lets go of the bulk lock of a bulk run
// that never ended.
func (s *DB) Close() error {
	s.bulk.release()
	return s.db.Close()
}

// Path returns the file the database was opened from.
func (s *DB) Path() string { return s.path }

// SchemaVersion returns the number of the last migration applied.
func (s *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

func (s *DB) migrate(ctx context.Context) error {
	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	var current int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("migrate: read schema version: %w", err)
	}
	pending, err := schema.Pending(migrations, current)
	if err != nil {
		return err
	}
	for _, m := range pending {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("migrate: %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.Version)); err != nil {
			return fmt.Errorf("migrate: %s: %w", m.Name, err)
		}
	}
	return tx.Commit()
}
