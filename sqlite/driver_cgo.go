//go:build sqlite_cgo

package sqlite

import (
	"net/url"

	_ "github.com/mattn/go-sqlite3" // the cgo SQLite driver: faster, needs a C compiler
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
