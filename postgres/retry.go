package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/chancery-frus/chancery"
)

// ErrDiskFull: PostgreSQL could not write for want of disk space
// (SQLSTATE 53100, disk_full).
var ErrDiskFull = errors.New("disk full")

// ErrReadOnly: PostgreSQL refused a write in a read-only transaction
// (SQLSTATE 25006): a replica, or a server or role set to
// default_transaction_read_only.
var ErrReadOnly = errors.New("database is read-only")

// explain returns err with its cause named in plain words when it is one
// the person running Chancery can act on: chancery.ErrUnavailable when
// PostgreSQL does not answer (stopped, restarting, out of reach, or out of
// connections or memory), so that the reader answers 503 and an ingest
// says so; ErrDiskFull; ErrReadOnly. Other errors are returned as they are.
func explain(err error) error {
	if err == nil || errors.Is(err, chancery.ErrUnavailable) || errors.Is(err, ErrDiskFull) || errors.Is(err, ErrReadOnly) {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "53100":
			return fmt.Errorf("%w: PostgreSQL has no disk space left to write (SQLSTATE 53100): %w", ErrDiskFull, err)
		case "25006":
			return fmt.Errorf("%w: PostgreSQL refuses writes here (a replica, or default_transaction_read_only): %w", ErrReadOnly, err)
		case "53000", "53200", "53300", "53400":
			return chancery.Unavailable(fmt.Errorf("PostgreSQL is out of resources (connections or memory): %w", err))
		}
	}
	if transient(err) {
		return chancery.Unavailable(fmt.Errorf("PostgreSQL does not answer (stopped, restarting or out of reach): %w", err))
	}
	return err
}

// retryFor bounds how long a read waits for the database to come back
// (a restart, a failover); the request's own deadline may be shorter.
const retryFor = 20 * time.Second

// read runs a read-only query (or another idempotent one: a migration,
// VACUUM), again while the database is unreachable or restarting, so that
// readers do not see a restart. An error is
// returned explained (explain): chancery.ErrUnavailable when the database
// still does not answer.
func (db *DB) read(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(retryFor)
	wait := 25 * time.Millisecond
	for {
		err := fn()
		if err == nil || !transient(err) || time.Now().After(deadline) {
			return explain(err)
		}
		select {
		case <-ctx.Done():
			return explain(err)
		case <-time.After(wait):
		}
		wait = min(wait*2, time.Second)
	}
}

// transient reports whether an error means the database is restarting or
// out of reach, not that the query is wrong.
func transient(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 57: operator intervention (admin shutdown, crash shutdown,
		// cannot connect now); class 08: connection exceptions.
		return strings.HasPrefix(pgErr.Code, "57P") || strings.HasPrefix(pgErr.Code, "08")
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connErr) || errors.As(err, &netErr) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		pgconn.SafeToRetry(err) || strings.Contains(err.Error(), "conn closed")
}
