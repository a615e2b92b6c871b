//go:build !sqlite_cgo

package sqlite

import (
	"net/url"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver: no C compiler needed
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
