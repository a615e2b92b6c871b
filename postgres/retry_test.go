package postgres

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/testpg"
)

// TestExplain: the failures a person running Chancery can act on are
// named in plain words, and a server that does not answer is
// chancery.ErrUnavailable (the reader's 503).
func TestExplain(t *testing.T) {
	for _, c := range []struct {
		code   string
		target error
		words  string
	}{
		{"53100", ErrDiskFull, "PostgreSQL has no disk space left"},
		{"25006", ErrReadOnly, "refuses writes"},
		{"57P01", chancery.ErrUnavailable, "PostgreSQL does not answer"},
		{"53300", chancery.ErrUnavailable, "out of resources"},
	} {
		err := explain(&pgconn.PgError{Code: c.code, Message: "the server's message"})
		if !errors.Is(err, c.target) || !strings.Contains(err.Error(), c.words) || !strings.Contains(err.Error(), "the server's message") {
			t.Errorf("SQLSTATE %s: %v", c.code, err)
		}
	}
	if err := explain(&pgconn.PgError{Code: "42P01"}); errors.Is(err, chancery.ErrUnavailable) {
		t.Errorf("an undefined table is %v", err)
	}
}

// TestOpenNoServer: a server that does not listen is
// chancery.ErrUnavailable, with the cause.
func TestOpenNoServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	// Open waits for a server to come back, up to the context's end.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err = Open(ctx, "postgres://chancery@"+addr+"/chancery?sslmode=disable&connect_timeout=2")
	if !errors.Is(err, chancery.ErrUnavailable) || !strings.Contains(err.Error(), "PostgreSQL does not answer") {
		t.Errorf("Open = %v, want chancery.ErrUnavailable", err)
	}
}

// TestOpenReadOnly: a read-only open of a database without Chancery's
// schema says so, and creates nothing; once the schema is there it reads.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	dsn := testpg.Fresh(t)
	if _, err := OpenReadOnly(ctx, dsn); err == nil || !strings.Contains(err.Error(), "holds no Chancery schema") {
		t.Fatalf("OpenReadOnly of an empty database = %v", err)
	}
	w, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	db, err := OpenReadOnly(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if vols, err := db.Volumes(ctx); err != nil || len(vols) != 0 {
		t.Errorf("Volumes = %v, %v", vols, err)
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
}
