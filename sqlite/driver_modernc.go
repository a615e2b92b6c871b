//go:build !sqlite_cgo

package sqlite

import (
	"errors"
	"net/url"
	"syscall"

	"modernc.org/sqlite" // the pure-Go SQLite driver: no C compiler needed
)

// Driver names the database/sql driver this build uses.
const Driver = "modernc.org/sqlite"

const driverName = "sqlite"

// pragmas are set on every connection, through the DSN (the cgo driver
// sets the same through its own DSN parameters).
var pragmas = []string{
	"journal_mode(WAL)",
	"synchronous(NORMAL)",
	"foreign_keys(ON)",
	"busy_timeout(10000)",
	"cache_size(-8192)", // 8 MB a connection
}

func dsn(path string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
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
	for _, p := range []string{"query_only(1)", "busy_timeout(10000)", "cache_size(-8192)"} {
		q.Add("_pragma", p)
	}
	return "file:" + path + "?" + q.Encode()
}

// sqliteCode returns the extended result code of a SQLite error; this
// driver does not report the operating system's errno.
func sqliteCode(err error) (code int, errno syscall.Errno, ok bool) {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return 0, 0, false
	}
	return e.Code(), 0, true
}
