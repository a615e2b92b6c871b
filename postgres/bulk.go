package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/chancery-frus/chancery/internal/engine"
)

// A bulk run (ingest.BulkMin) stores its postings without their primary
// key, which costs a write at a random place of the index for every word
// of every volume, and leaves the vocabulary alone, marking its volumes
// vocab_pending (migration 5). When it ends it builds the key again,
// clusters the postings by word (CLUSTER … USING postings_pkey: stored
// volume after volume, a common word's rows lie on as many heap pages as
// there are volumes, and its first read reads them all; clustered, they
// are read in sequence), and counts its volumes' words in the vocabulary
// in one pass in word order. Meanwhile searches on every node read the
// postings without the key, slowly but correctly, and count the pending
// volumes' words from their postings. While CLUSTER runs (about a minute
// at full scale) it holds the table exclusively: searches wait for it.
//
// A run holds the bulk lock (a session's advisory lock, on a connection
// of its own) from BeginBulk to EndBulk, so that two runs take turns; a
// run whose process dies loses it with its connection, and the next
// writable open that can take it finishes what the run left undone.

// BeginBulk takes the bulk lock, waiting for a run in another process to
// end, and drops the postings' primary key; it is tried again while
// PostgreSQL restarts.
func (db *DB) BeginBulk(ctx context.Context) error {
	err := db.read(ctx, func() error {
		conn, err := db.pool.Acquire(ctx)
		if err != nil {
			return err
		}
		_, err = conn.Exec(ctx, "SELECT pg_advisory_lock($1)", lockBulk)
		if err == nil {
			_, err = conn.Exec(ctx, "ALTER TABLE postings DROP CONSTRAINT IF EXISTS postings_pkey")
		}
		if err != nil {
			releaseBulk(conn)
			return err
		}
		db.bulkConn = conn
		return nil
	})
	if err != nil {
		return fmt.Errorf("begin a bulk run: %w", err)
	}
	db.bulk.Store(true)
	return nil
}

// EndBulk finishes a bulk run (finishBulk) and lets the bulk lock go.
// Should the run's connection have been lost (PostgreSQL restarted, and
// the lock went with it), it finishes on a new one, taking the lock
// again, tried again while PostgreSQL restarts.
func (db *DB) EndBulk(ctx context.Context) error {
	if !db.bulk.Swap(false) {
		return nil
	}
	conn := db.bulkConn
	db.bulkConn = nil
	err := finishBulk(ctx, conn)
	releaseBulk(conn)
	if err != nil && transient(err) {
		err = db.read(ctx, func() error { return db.finishLocked(ctx, true) })
	}
	if err != nil {
		return fmt.Errorf("end a bulk run: %w", explain(err))
	}
	return nil
}

// releaseBulk lets the bulk lock go with its connection.
func releaseBulk(conn *pgxpool.Conn) {
	conn.Exec(context.Background(), "SELECT pg_advisory_unlock_all()")
	conn.Release()
}

// recoverBulk, at a writable open, finishes what a bulk run left undone
// when its process died, unless a run in another process holds the bulk
// lock, which will.
func (db *DB) recoverBulk(ctx context.Context) error {
	var unfinished bool
	if err := db.pool.QueryRow(ctx, "SELECT NOT "+keyed+" OR "+anyPending).Scan(&unfinished); err != nil || !unfinished {
		return err
	}
	return db.finishLocked(ctx, false)
}

// finishLocked takes the bulk lock on a connection of its own — waiting
// for it if wait is set, else leaving the work to the run that holds it —
// and finishes what a bulk run leaves to its end.
func (db *DB) finishLocked(ctx context.Context, wait bool) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if wait {
		_, err = conn.Exec(ctx, "SELECT pg_advisory_lock($1)", lockBulk)
	} else {
		var locked bool
		if err = conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", lockBulk).Scan(&locked); err == nil && !locked {
			return nil // a run under way in another process
		}
	}
	if err != nil {
		return err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", lockBulk)
	return finishBulk(ctx, conn)
}

// keyed is an SQL condition: the postings have their primary key.
const keyed = "EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'postings_pkey' AND conrelid = 'postings'::regclass)"

// anyPending is an SQL condition: some volume's words are not counted in
// the vocabulary yet (vocab_pending). The query of their words
// (pendingWords) reads every posting, so it runs only then.
const anyPending = "EXISTS (SELECT 1 FROM volumes WHERE vocab_pending)"

// finishBulk does what a bulk run leaves to its end, on conn, which holds
// the bulk lock: it builds the postings' primary key and clusters them
// by it if the key is missing, counts the words of the volumes marked
// vocab_pending in the vocabulary, and gathers the planner's statistics.
func finishBulk(ctx context.Context, conn *pgxpool.Conn) error {
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT "+keyed).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		for _, q := range []string{
			"ALTER TABLE postings ADD CONSTRAINT postings_pkey PRIMARY KEY (word, volume)",
			"CLUSTER postings USING postings_pkey",
		} {
			if _, err := conn.Exec(ctx, q); err != nil {
				return fmt.Errorf("index the postings: %w", err)
			}
		}
	}
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var pending bool
		if err := tx.QueryRow(ctx, "SELECT "+anyPending).Scan(&pending); err != nil || !pending {
			return err
		}
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockVocab); err != nil {
			return err
		}
		if err := countWords(ctx, tx, "INSERT INTO vocab (word, docs) "+pendingWords+`
			ON CONFLICT (word) DO UPDATE SET docs = vocab.docs + excluded.docs
			RETURNING word, xmax = 0`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "UPDATE volumes SET vocab_pending = false WHERE vocab_pending")
		return err
	})
	if err != nil {
		return fmt.Errorf("count the words of a bulk run: %w", err)
	}
	if _, err := conn.Exec(ctx, "ANALYZE postings"); err != nil {
		return fmt.Errorf("analyze the postings: %w", err)
	}
	return nil
}

// pendingWords is the query of the words of the volumes marked
// vocab_pending, with the documents that hold them, in word order.
const pendingWords = "SELECT word, sum(docs) FROM postings WHERE volume IN (SELECT id FROM volumes WHERE vocab_pending) AND word NOT LIKE '" + engine.PairLike + "' GROUP BY word ORDER BY word"
