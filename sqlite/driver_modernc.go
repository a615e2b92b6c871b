//go:build !sqlite_cgo

package sqlite

import (
	"net/url"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver: no C compiler needed
)

// Driver names the database/sql driver this build uses.
const Driver = "modernc.org/sqlite"

const driverName = "sqlite"

func dsn(path string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}
