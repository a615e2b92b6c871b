//go:build sqlite_cgo

package sqlite

import (
	"errors"
	"net/url"
	"syscall"

	sqlite3 "github.com/mattn/go-sqlite3" // the cgo SQLite driver: faster, needs a C compiler
)

// Driver names the database/sql driver this build uses.
const Driver = "github.com/mattn/go-sqlite3 (cgo)"

const driverName = "sqlite3"

func dsn(path string) string {
	q := url.Values{}
	q.Set("_txlock", "immediate")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_foreign_keys", "1")
	q.Set("_busy_timeout", "10000")
	q.Set("_cache_size", "-8192")
	return "file:" + path + "?" + q.Encode()
}

// dsnReadOnly opens path for reading only (mode=ro, query_only), without
// setting the journal mode, which would write; immutable tells SQLite that
// nothing changes the file, so that it needs no -shm file (a read-only
// directory).
func dsnReadOnly(path string, immutable bool) string {
	q := url.Values{}
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	q.Set("_query_only", "1")
	q.Set("_busy_timeout", "10000")
	q.Set("_cache_size", "-8192")
	return "file:" + path + "?" + q.Encode()
}

// sqliteCode returns the extended result code of a SQLite error and the
// operating system's errno behind it, if any.
func sqliteCode(err error) (code int, errno syscall.Errno, ok bool) {
	var e sqlite3.Error
	if !errors.As(err, &e) {
		return 0, 0, false
	}
	return int(e.ExtendedCode), e.SystemErrno, true
}
