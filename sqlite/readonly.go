package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/chancery-frus/chancery/internal/schema"
)

// OpenReadOnly opens an existing SQLite database for reading only: it
// creates no file, migrates nothing and never writes, so that a database
// on a read-only file system, or a file this process may not write, can
// be read and served. Writes through it (PutVolume, DeleteVolume,
// Optimize) fail with ErrReadOnly.
//
// A database in WAL mode is read through its -shm file, which SQLite
// creates beside it when it is missing: when the directory cannot be
// written and no -shm file is there, the database is opened immutable
// (SQLite then takes no locks and reads the file as it is), unless a
// -wal file holds changes not yet merged into the database, which only a
// writable open can merge (the error says so). An immutable open must not
// be used while another process writes to the database.
//
// A database whose schema is older than this binary's is refused with
// ErrNeedsMigrating: a writable open (sqlite.Open, which every command
// that stores volumes uses) brings it up to date.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: no database path given")
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("open %s read-only: a directory, not a SQLite file", path)
	}
	s, err := openReadOnly(ctx, path, false)
	if err == nil {
		return s, nil
	}
	if errors.Is(err, ErrNeedsMigrating) {
		return nil, err // it names the file
	}
	if !errors.Is(err, ErrCannotOpen) && !errors.Is(err, ErrReadOnly) {
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	// SQLite could not open or create the -shm file: a directory this
	// process cannot write.
	if wal, statErr := os.Stat(path + "-wal"); statErr == nil && wal.Size() > 0 {
		return nil, fmt.Errorf("open %s read-only: %s holds changes not yet merged into the database, and they cannot be read without creating %s-shm in a directory this process cannot write: open the database once with write access (any chancery command that stores volumes, or chancery migrate --db %s) to merge them: %w",
			path, path+"-wal", path, path, err)
	} else if statErr != nil && !errors.Is(statErr, fs.ErrNotExist) {
		return nil, fmt.Errorf("open %s read-only: %w", path, statErr)
	}
	s, err = openReadOnly(ctx, path, true)
	if errors.Is(err, ErrNeedsMigrating) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("open %s read-only (immutable, as its directory %s cannot be written): %w", path, filepath.Dir(path), err)
	}
	return s, nil
}

// openReadOnly opens path read-only and checks its schema version.
func openReadOnly(ctx context.Context, path string, immutable bool) (*DB, error) {
	db, err := sql.Open(driverName, dsnReadOnly(path, immutable))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(connections)
	db.SetMaxIdleConns(connections)
	s := newDB(db, path, true)
	current, err := s.SchemaVersion(ctx)
	if err == nil {
		// The version alone does not read the file: the schema does.
		var n int
		err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n)
	}
	if err != nil {
		db.Close()
		return nil, s.explain(err)
	}
	pending, err := schema.Pending(migrations, current)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(pending) > 0 {
		db.Close()
		latest := pending[len(pending)-1].Version
		if current == 0 {
			return nil, fmt.Errorf("%w: %s holds no Chancery schema (an empty file, or not a Chancery database): store volumes in it first (chancery ingest or chancery get), or name another database", ErrNeedsMigrating, path)
		}
		return nil, fmt.Errorf("%w: %s has schema version %d and this chancery reads version %d; a read-only open never writes, so bring it up to date once with write access: chancery migrate --db %s", ErrNeedsMigrating, path, current, latest, path)
	}
	return s, nil
}

// ReadOnly reports whether the database was opened by OpenReadOnly.
func (s *DB) ReadOnly() bool { return s.readOnly }
