// Package postgres stores Chancery's corpus in PostgreSQL, so that several
// Chancery nodes can serve one corpus. It implements chancery.Store with
// pgx and passes the same shared test suite as the SQLite store.
//
// Open takes a connection string such as
// postgres://user:pass@host:5432/db?sslmode=disable; migrations are embedded,
// versioned, and applied under an advisory lock so that nodes may start at
// once.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/engine"
	"github.com/chancery-frus/chancery/internal/record"
	"github.com/chancery-frus/chancery/internal/schema"
)

//go:embed migrations/*.sql
var migrations embed.FS

// IsDSN reports whether a --db value names a PostgreSQL database.
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// DB is a Chancery store in PostgreSQL.
type DB struct {
	pool  *pgxpool.Pool // the primary: writes, and reads without a replica
	reads *pgxpool.Pool // where reads go: a replica, or the primary
	codec record.Codec
	// searcher runs searches, with this node's caches.
	searcher *engine.Searcher
	// bulk: a bulk run is under way (bulk.go), holding the bulk lock on
	// bulkConn.
	bulk     atomic.Bool
	bulkConn *pgxpool.Conn
}

var _ chancery.Store = (*DB)(nil)

// Lock ids for pg_advisory_lock: migrations, and writes to a volume.
const (
	lockMigrate = 0x43686e6301 // "Chnc" 1
	lockVolume  = 0x43686e6302
	lockVocab   = 0x43686e6303
	lockRowids  = 0x43686e6304
	lockBulk    = 0x43686e6305
)

// Open connects to PostgreSQL and brings the schema up to date.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return OpenWithReplica(ctx, dsn, "")
}

// OpenWithReplica connects to a primary and, when replica is not empty,
// to a read replica that every read goes to (documents, volumes, searches,
// and the corpus generation, so that a node's caches follow what it reads).
// Writes and migrations go to the primary.
func OpenWithReplica(ctx context.Context, dsn, replica string) (*DB, error) {
	pool, err := newPool(ctx, dsn)
	if err != nil {
		return nil, err
	}
	db := &DB{pool: pool, reads: pool}
	db.searcher = engine.NewSearcher(source{db}, &db.codec)
	// Both are idempotent, so that a server restarting as a node starts is
	// waited for, as reads wait.
	if err := db.read(ctx, func() error { return db.migrate(ctx) }); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := db.read(ctx, func() error { return db.reindex(ctx) }); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: build the full-text index: %w", err)
	}
	if err := db.read(ctx, func() error { return db.recoverBulk(ctx) }); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: finish a bulk run that never ended: %w", err)
	}
	if replica != "" {
		if db.reads, err = newPool(ctx, replica); err != nil {
			pool.Close()
			return nil, err
		}
	}
	return db, nil
}

func newPool(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return pool, nil
}

// Connections returns how many connections the pool reads go to holds at
// most (8 unless the connection string's pool_max_conns asks for more),
// so that a server can keep some free for its cheap requests.
func (db *DB) Connections() int { return int(db.reads.Config().MaxConns) }

// Close closes the connections, letting go of the bulk lock of a bulk
// run that never ended (the next writable open finishes it).
func (db *DB) Close() error {
	if db.bulk.Swap(false) {
		releaseBulk(db.bulkConn)
		db.bulkConn = nil
	}
	if db.reads != db.pool {
		db.reads.Close()
	}
	db.pool.Close()
	return nil
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return err
	}
	return db.reads.Ping(ctx)
}

func (db *DB) migrate(ctx context.Context) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", lockMigrate); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", lockMigrate)
	// Every pending migration in one transaction, as on SQLite: a
	// process killed midway leaves the schema as it was, never half new.
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)"); err != nil {
			return err
		}
		var current int
		err := tx.QueryRow(ctx, "SELECT version FROM schema_version").Scan(&current)
		if errors.Is(err, pgx.ErrNoRows) {
			_, err = tx.Exec(ctx, "INSERT INTO schema_version (version) VALUES (0)")
		}
		if err != nil {
			return err
		}
		pending, err := schema.Pending(migrations, current)
		if err != nil {
			return err
		}
		for _, m := range pending {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("%s: %w", m.Name, err)
			}
			if _, err := tx.Exec(ctx, "UPDATE schema_version SET version = $1", m.Version); err != nil {
				return fmt.Errorf("%s: %w", m.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// storable reports whether PostgreSQL's text can hold every one of ss:
// valid UTF-8 without NUL. PostgreSQL refuses any other as a query's
// parameter, and no stored id is one, so a lookup by such an id (a
// hostile address: /historicaldocuments/%00) finds nothing, as in SQLite.
func storable(ss ...string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return false
		}
	}
	return true
}

// notFound wraps chancery.ErrNotFound.
func notFound(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, chancery.ErrNotFound)...)
}

// Generation returns the time of the last change in Unix nanoseconds.
func (db *DB) Generation(ctx context.Context) (int64, error) {
	var g int64
	err := db.read(ctx, func() error {
		return db.reads.QueryRow(ctx, "SELECT value FROM meta WHERE key = 'generation'").Scan(&g)
	})
	return g, err
}

func bumpGeneration(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, "UPDATE meta SET value = greatest(value + 1, $1) WHERE key = 'generation'", time.Now().UnixNano())
	return err
}

// VolumeHash returns the content hash of a stored volume.
func (db *DB) VolumeHash(ctx context.Context, id string) (string, error) {
	if !storable(id) {
		return "", notFound("volume %q", id)
	}
	var h string
	err := db.read(ctx, func() error {
		return db.pool.QueryRow(ctx, "SELECT hash FROM volumes WHERE id = $1", id).Scan(&h)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return "", notFound("volume %s", id)
	}
	if err != nil {
		return "", fmt.Errorf("volume %s: %w", id, err)
	}
	return h, nil
}

// Volume returns a stored volume without its documents.
func (db *DB) Volume(ctx context.Context, id string) (*chancery.Volume, error) {
	if !storable(id) {
		return nil, notFound("volume %q", id)
	}
	var (
		rec      []byte
		ingested time.Time
	)
	err := db.read(ctx, func() error {
		return db.reads.QueryRow(ctx, "SELECT record, ingested FROM volumes WHERE id = $1", id).Scan(&rec, &ingested)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("volume %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("volume %s: %w", id, err)
	}
	v := new(chancery.Volume)
	if err := db.codec.Decode(rec, v); err != nil {
		return nil, fmt.Errorf("volume %s: %w", id, err)
	}
	v.Ingested = ingested.UTC()
	return v, nil
}

// Volumes returns the counts of every stored volume.
func (db *DB) Volumes(ctx context.Context) (out []chancery.VolumeStats, err error) {
	err = db.read(ctx, func() error {
		out, err = db.volumes(ctx)
		return err
	})
	return out, err
}

func (db *DB) volumes(ctx context.Context) ([]chancery.VolumeStats, error) {
	rows, err := db.reads.Query(ctx, `SELECT id, title, documents, notes, pages, persons, terms, refs, dated, warnings FROM volumes ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list volumes: %w", err)
	}
	defer rows.Close()
	out, err := record.ScanStats(rows)
	if err != nil {
		return nil, fmt.Errorf("list volumes: %w", err)
	}
	return out, nil
}

// Document returns one stored document.
func (db *DB) Document(ctx context.Context, volume, id string) (*chancery.Document, error) {
	if !storable(volume, id) {
		return nil, notFound("document %q/%q", volume, id)
	}
	var rec []byte
	err := db.read(ctx, func() error {
		return db.reads.QueryRow(ctx, "SELECT record FROM documents WHERE volume = $1 AND id = $2", volume, id).Scan(&rec)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("document %s/%s", volume, id)
	}
	if err != nil {
		return nil, fmt.Errorf("document %s/%s: %w", volume, id, err)
	}
	d := new(chancery.Document)
	if err := db.codec.Decode(rec, d); err != nil {
		return nil, fmt.Errorf("document %s/%s: %w", volume, id, err)
	}
	return d, nil
}

// Documents returns the documents of a volume in order.
func (db *DB) Documents(ctx context.Context, volume string) (out []*chancery.Document, err error) {
	if !storable(volume) {
		return nil, nil
	}
	err = db.read(ctx, func() error {
		out, err = db.documents(ctx, volume)
		return err
	})
	return out, err
}

func (db *DB) documents(ctx context.Context, volume string) ([]*chancery.Document, error) {
	rows, err := db.reads.Query(ctx, "SELECT record FROM documents WHERE volume = $1 ORDER BY ordinal", volume)
	if err != nil {
		return nil, fmt.Errorf("documents of %s: %w", volume, err)
	}
	defer rows.Close()
	out, err := db.codec.ScanDocuments(rows)
	if err != nil {
		return nil, fmt.Errorf("documents of %s: %w", volume, err)
	}
	return out, nil
}

// Warnings returns the warnings recorded for a volume.
func (db *DB) Warnings(ctx context.Context, volume string) (out []chancery.Warning, err error) {
	if !storable(volume) {
		return nil, nil
	}
	err = db.read(ctx, func() error {
		out, err = db.warnings(ctx, volume)
		return err
	})
	return out, err
}

func (db *DB) warnings(ctx context.Context, volume string) ([]chancery.Warning, error) {
	rows, err := db.reads.Query(ctx, "SELECT file, line, kind, document, message FROM warnings WHERE volume = $1 ORDER BY seq", volume)
	if err != nil {
		return nil, fmt.Errorf("warnings of %s: %w", volume, err)
	}
	defer rows.Close()
	out, err := record.ScanWarnings(rows)
	if err != nil {
		return nil, fmt.Errorf("warnings of %s: %w", volume, err)
	}
	return out, nil
}

// DeleteVolume removes a volume and all stored with it.
func (db *DB) DeleteVolume(ctx context.Context, id string) error {
	if !storable(id) {
		return notFound("delete volume %q", id)
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("delete volume %s: %w", id, explain(err))
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, hashtext($2))", int32(lockVolume>>32), id); err != nil {
		return fmt.Errorf("delete volume %s: %w", id, explain(err))
	}
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM volumes WHERE id = $1)", id).Scan(&exists); err != nil {
		return fmt.Errorf("delete volume %s: %w", id, explain(err))
	}
	if !exists {
		return notFound("delete volume %s", id)
	}
	if err := deleteVolume(ctx, tx, id); err != nil {
		return fmt.Errorf("delete volume %s: %w", id, explain(err))
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return fmt.Errorf("delete volume %s: %w", id, explain(err))
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("delete volume %s: commit: %w", id, explain(err))
	}
	return nil
}

// Locate tells what an id of a volume names.
func (db *DB) Locate(ctx context.Context, volume, id string) (chancery.Location, error) {
	if !storable(volume, id) {
		return chancery.Location{}, notFound("locate %q/%q", volume, id)
	}
	var kind, doc string
	err := db.read(ctx, func() error {
		return db.reads.QueryRow(ctx, `
		SELECT 'document', id FROM documents WHERE volume = $1 AND id = $2
		UNION ALL SELECT 'note', document FROM notes WHERE volume = $1 AND id = $2
		UNION ALL (SELECT 'page', document FROM pages WHERE volume = $1 AND id = $2 ORDER BY seq LIMIT 1)
		LIMIT 1`, volume, id).Scan(&kind, &doc)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return chancery.Location{}, notFound("locate %s/%s", volume, id)
	}
	if err != nil {
		return chancery.Location{}, fmt.Errorf("locate %s/%s: %w", volume, id, err)
	}
	return chancery.Location{Kind: kind, Document: doc}, nil
}

// Optimize refreshes the planner's statistics after an ingest run, so that
// searches get good plans at once rather than after autovacuum's next
// pass.
func (db *DB) Optimize(ctx context.Context) error {
	// Idempotent: tried again while the server restarts, as reads are.
	err := db.read(ctx, func() error {
		_, err := db.pool.Exec(ctx, "VACUUM (ANALYZE) documents, postings, vocab")
		return err
	})
	if err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}

// OpenReadOnly connects to PostgreSQL for reading only: it neither
// migrates the schema nor builds the full-text index, so that it may use
// a role without write grants or a replica. A schema older than this
// binary's, or a full-text index still to be built, is reported: a
// writable Open brings them up to date.
func OpenReadOnly(ctx context.Context, dsn string) (*DB, error) {
	pool, err := newPool(ctx, dsn)
	if err != nil {
		return nil, err
	}
	db := &DB{pool: pool, reads: pool}
	db.searcher = engine.NewSearcher(source{db}, &db.codec)
	var current int
	err = db.read(ctx, func() error {
		return pool.QueryRow(ctx, "SELECT version FROM schema_version").Scan(&current)
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P01" || err == nil && current == 0 { // undefined_table, or no migration yet
		pool.Close()
		return nil, errors.New("postgres: the database needs migrating: it holds no Chancery schema; a read-only open never writes, so store volumes in it first (chancery ingest, get or migrate --to), or name another database")
	}
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: read the schema version: %w", err)
	}
	pending, err := schema.Pending(migrations, current)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if len(pending) > 0 {
		pool.Close()
		return nil, fmt.Errorf("postgres: the database needs migrating: it has schema version %d and this chancery reads version %d; a read-only open never writes, so open it once for writing (chancery migrate --db DSN, or any command that stores volumes)",
			current, pending[len(pending)-1].Version)
	}
	return db, nil
}

// Check verifies that each volume's stored counts match its rows, that
// no document belongs to no volume, that every volume has its search
// metadata, and that the vocabulary's counts of documents agree with the
// postings. It returns nil, or an error listing what is wrong.
func (db *DB) Check(ctx context.Context) error {
	var problems []string
	for _, q := range []struct{ what, sql string }{
		{"documents", "SELECT v.id, v.documents, (SELECT count(*) FROM documents d WHERE d.volume = v.id) FROM volumes v"},
		{"pages", "SELECT v.id, v.pages, (SELECT count(*) FROM pages p WHERE p.volume = v.id) FROM volumes v"},
		{"warnings", "SELECT v.id, v.warnings, (SELECT count(*) FROM warnings w WHERE w.volume = v.id) FROM volumes v"},
		{"documents of no volume", "SELECT 'documents', 0, count(*) FROM documents WHERE volume NOT IN (SELECT id FROM volumes)"},
		{"volumes without search metadata", "SELECT 'volumes', 0, count(*) FROM volumes WHERE search_meta IS NULL"},
		{"postings of no volume", "SELECT 'postings', 0, count(*) FROM postings WHERE volume NOT IN (SELECT id FROM volumes)"},
		// The words of the volumes a bulk run has yet to count (vocab_pending) are not in the vocabulary.
		{"vocabulary words whose count disagrees with the postings", `SELECT 'vocab', 0, count(*) FROM vocab v
			WHERE v.docs <> (SELECT coalesce(sum(p.docs), 0) FROM postings p WHERE p.word = v.word AND p.volume NOT IN (SELECT id FROM volumes WHERE vocab_pending))`},
		{"words of the postings missing from the vocabulary", "SELECT 'vocab', 0, count(DISTINCT word) FROM postings WHERE word NOT LIKE '" + engine.PairLike + "' AND volume NOT IN (SELECT id FROM volumes WHERE vocab_pending) AND word NOT IN (SELECT word FROM vocab)"},
	} {
		var found []string
		err := db.read(ctx, func() error {
			found = found[:0]
			rows, err := db.reads.Query(ctx, q.sql)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id string
				var want, got int64
				if err := rows.Scan(&id, &want, &got); err != nil {
					return err
				}
				if want != got {
					found = append(found, fmt.Sprintf("%s: %s: %d expected, %d stored", id, q.what, want, got))
				}
			}
			return rows.Err()
		})
		if err != nil {
			return fmt.Errorf("check: %s: %w", q.what, err)
		}
		problems = append(problems, found...)
	}
	if len(problems) > 0 {
		return fmt.Errorf("check: %s", strings.Join(problems, "; "))
	}
	return nil
}
