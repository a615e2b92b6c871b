// Package testpg gives tests databases on the PostgreSQL server they may
// use: $CHANCERY_TEST_POSTGRES (.ci/run starts one).
package testpg

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server returns the PostgreSQL server the tests may create
// databases on, $CHANCERY_TEST_POSTGRES, or skips the test; under CI
// (where .ci/run starts one) the test fails instead.
func Server(t testing.TB) string {
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

// Fresh creates an empty database for one test, dropped when the
// test ends, and returns its address.
func Fresh(t testing.TB) string {
	t.Helper()
	return freshOn(t, Server(t))
}

// freshOn creates an empty database on the server dsn names, dropped
// when the test ends, and returns its address.
func freshOn(t testing.TB, dsn string) string {
	t.Helper()
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
