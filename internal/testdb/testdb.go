// Package testdb opens stores for tests: SQLite in a temporary directory,
// or a fresh database on the PostgreSQL server the tests may use (package
// testpg), so that the tests of the reader run against either backend.
package testdb

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/internal/testpg"
	"github.com/chancery-frus/chancery/postgres"
	"github.com/chancery-frus/chancery/sqlite"
)

// Open returns an empty store, closed when the test ends: SQLite, or
// PostgreSQL when $CHANCERY_TEST_BACKEND is "postgres".
func Open(t testing.TB) chancery.Store {
	t.Helper()
	ctx := context.Background()
	var (
		s   chancery.Store
		err error
	)
	switch b := os.Getenv("CHANCERY_TEST_BACKEND"); b {
	case "", "sqlite":
		s, err = sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	case "postgres":
		s, err = postgres.Open(ctx, testpg.Fresh(t))
	default:
		t.Fatalf("CHANCERY_TEST_BACKEND=%q: want sqlite or postgres", b)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Ingest stores volume files in a test store, as chancery ingest does,
// and fails the test on any error.
func Ingest(tb testing.TB, db chancery.Store, files ...string) {
	tb.Helper()
	sum := ingest.Run(context.Background(), db, files, ingest.Options{})
	for _, r := range sum.Results {
		if r.Err != nil {
			tb.Fatal(r.Err)
		}
	}
}
