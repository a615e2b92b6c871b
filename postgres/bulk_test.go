package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/chancery-frus/chancery/postgres"
	"github.com/chancery-frus/chancery/storetest"
)

// bulkState returns whether the postings have their primary key, and how
// many volumes' words the vocabulary does not count.
func bulkState(t *testing.T, raw *pgx.Conn) (keyed bool, pending int) {
	t.Helper()
	err := raw.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'postings_pkey'),
		(SELECT count(*) FROM volumes WHERE vocab_pending)`).Scan(&keyed, &pending)
	if err != nil {
		t.Fatal(err)
	}
	return keyed, pending
}

// bulkRun stores the test volumes in a bulk run on a fresh database, and
// returns its address, a connection of its own to it and the store, in
// the run (the caller closes the store).
func bulkRun(t *testing.T) (string, *pgx.Conn, *postgres.DB) {
	t.Helper()
	ctx := context.Background()
	dsn := freshDB(t)
	raw, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close(context.Background()) })
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.BeginBulk(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.PutTestVolumes(t, db)
	return dsn, raw, db
}

// TestBulkUnfinished: a bulk run that never ended (its process gone) is
// finished by the next writable open — the postings' key built again,
// the run's words counted — but not while the run goes on in another
// process.
func TestBulkUnfinished(t *testing.T) {
	ctx := context.Background()
	dsn, raw, db := bulkRun(t)
	state := func() (bool, int) { return bulkState(t, raw) }
	if keyed, pending := state(); keyed || pending != len(storetest.TestVolumes) {
		t.Fatalf("during the run: key %v, %d volumes pending", keyed, pending)
	}
	other, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	if keyed, pending := state(); keyed || pending == 0 {
		t.Errorf("an open during another's run finished it: key %v, %d volumes pending", keyed, pending)
	}
	db.Close() // the run never ends
	if db, err = postgres.Open(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if keyed, pending := state(); !keyed || pending != 0 {
		t.Errorf("after reopening: key %v, %d volumes pending", keyed, pending)
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
}

// TestBulkConnectionLost: a bulk run whose connection (and with it the
// bulk lock) is lost midway, as when PostgreSQL restarts, still ends
// finished: EndBulk takes the lock again on a new connection.
func TestBulkConnectionLost(t *testing.T) {
	ctx := context.Background()
	_, raw, db := bulkRun(t)
	defer db.Close()
	// The session holding the bulk lock (0x43686e6305: class 0x43, object
	// 0x686e6305) is ended.
	var ended bool
	if err := raw.QueryRow(ctx, `SELECT coalesce(bool_or(pg_terminate_backend(pid)), false) FROM pg_locks
		WHERE locktype = 'advisory' AND classid = 67 AND objid = 1752064773 AND objsubid = 1`).Scan(&ended); err != nil || !ended {
		t.Fatalf("end the bulk run's session: %v, %v", ended, err)
	}
	if err := db.EndBulk(ctx); err != nil {
		t.Fatalf("EndBulk after losing its connection: %v", err)
	}
	if keyed, pending := bulkState(t, raw); !keyed || pending != 0 {
		t.Errorf("after EndBulk: key %v, %d volumes pending", keyed, pending)
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
}
