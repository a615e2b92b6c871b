// Package testdb opens stores for tests: SQLite in a temporary directory,
// or a fresh database on the PostgreSQL server the tests may use, so that
// the tests of the reader run against either backend.
package testdb

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/chancery-frus/chancery"
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
		s, err = postgres.Open(ctx, FreshPostgres(t))
	default:
		t.Fatalf("CHANCERY_TEST_BACKEND=%q: want sqlite or postgres", b)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// PostgresServer returns the PostgreSQL server the tests may create
// databases on, $CHANCERY_TEST_POSTGRES, or skips the test; under CI
// (where .ci/run starts one) the test fails instead.
func PostgresServer(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("CHANCERY_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CHANCERY_TEST_POSTGRES is not set: .ci/run starts a PostgreSQL server for these tests")
		}
		t.Skip("set CHANCERY_TEST_POSTGRES to a PostgreSQL server to run these tests")
	}
	return dsn
}

var seq atomic.Int64

// FreshPostgres creates an empty database for one test, dropped when the
// test ends, and returns its address.
func FreshPostgres(t testing.TB) string {
	t.Helper()
	dsn := PostgresServer(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("chancery_test_%d_%d", time.Now().UnixNano()%1e9, seq.Add(1))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close(context.Background())
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
