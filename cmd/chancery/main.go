// Command chancery reads Foreign Relations of the United States (FRUS)
// volumes, TEI P5 XML, into an embedded SQLite database and serves them.
//
// Run "chancery help" for the commands.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/postgres"
	"github.com/chancery-frus/chancery/sqlite"
)

func main() {
	ctx, stop := notifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// signalError is the cause of a command's context cancelled by a signal.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return e.sig.String() + " signal received" }

// notifyContext returns a copy of parent cancelled, with a signalError as
// its cause, when one of sigs arrives, so that a command stopped by a
// signal can say which. A second signal is not caught: it stops the
// process at once, as if nothing had caught the first.
func notifyContext(parent context.Context, sigs ...os.Signal) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			signal.Stop(ch)
			cancel(signalError{s})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(context.Canceled)
	}
}

// interruptedStatus is the exit status of a command whose context was
// cancelled: 128 and the signal's number when a signal did it (130 for
// Ctrl-C, 143 for SIGTERM), as a shell reports a process a signal ended;
// else 130.
func interruptedStatus(ctx context.Context) int {
	var se signalError
	if errors.As(context.Cause(ctx), &se) {
		if n, ok := se.sig.(syscall.Signal); ok {
			return 128 + int(n)
		}
	}
	return 128 + int(syscall.SIGINT)
}

// exitError carries an exit status other than 1 and a message already shown.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// Main runs the command line args and returns the exit status.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "chancery:", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "chancery:", err)
	return 1
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "chancery",
		Short: "Read, store and serve the Foreign Relations of the United States",
		Long: `Chancery reads volumes of the Foreign Relations of the United States (FRUS),
the State Department's documentary record of US diplomacy, from their TEI P5
XML, keeps them in one SQLite file, and serves them.

Start with:
  chancery serve                     the reader at http://127.0.0.1:8080/ (an empty
                                     database first gets a starter set of volumes)
  chancery get frus1961-63v05        download a volume and store it
  chancery ingest volumes/           store TEI files you already have
  chancery search '"test ban"'       search the documents
  chancery stats                     what is stored

The database is chancery.db in the current directory unless --db or the
CHANCERY_DB environment variable names another: a SQLite file, or a
PostgreSQL connection string (postgres://user:pass@host:5432/db) for several
Chancery nodes serving one corpus. Only ingest, get, serve and migrate --to
create a SQLite file that does not exist; the commands that only read report
the missing path.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(
		newIngestCmd(),
		newGetCmd(),
		newStatsCmd(),
		newShowCmd(),
		newSearchCmd(),
		newServeCmd(),
		newCheckCmd(),
		newMigrateCmd(),
		newCiteCmd(),
		newResolveCmd(),
		newCitationsCmd(),
		newBenchCmd(),
		newVersionCmd(),
	)
	return root
}

// dbFlag adds the --db flag shared by the commands that use the database.
func dbFlag(cmd *cobra.Command, path *string) {
	def := os.Getenv("CHANCERY_DB")
	if def == "" {
		def = "chancery.db"
	}
	cmd.Flags().StringVar(path, "db", def, "database: a SQLite file, or postgres://user@host/db for PostgreSQL (default from $CHANCERY_DB, else chancery.db)")
}

// access says whether a command may create, migrate or write the
// database it is given.
type access int

const (
	// readExisting: the command only reads (stats, show, search, cite,
	// check, migrate --from). The database is opened as readOnly.
	readExisting access = iota
	// createIfMissing: the command stores volumes (ingest, get, serve's
	// first run, migrate --to), so a new SQLite file is created, and an
	// older schema brought up to date.
	createIfMissing
	// readOnly: nothing is created, migrated or written. A SQLite file
	// that does not exist is a mistake (a typo in --db, another
	// directory), reported without creating anything; an existing one is
	// opened with sqlite.OpenReadOnly, so that a database on a read-only
	// file system, or one this process may not write, can be read (an
	// older schema is refused with sqlite.ErrNeedsMigrating). A
	// PostgreSQL database is opened with postgres.OpenReadOnly, which
	// neither migrates nor builds its index.
	readOnly
)

// openStore opens the database a --db value names: a PostgreSQL
// connection string (postgres://…), or the path of a SQLite file, which is
// created only when mode is createIfMissing and written only then.
func openStore(ctx context.Context, db string, mode access) (chancery.Store, error) {
	if mode == readExisting {
		mode = readOnly
	}
	if postgres.IsDSN(db) {
		if mode == readOnly {
			return postgres.OpenReadOnly(ctx, db)
		}
		return postgres.Open(ctx, db)
	}
	if mode == readOnly {
		if err := sqliteExists(db); err != nil {
			return nil, err
		}
		return sqlite.OpenReadOnly(ctx, db)
	}
	return sqlite.Open(ctx, db)
}

// sqliteExists reports, as an error naming the path, a SQLite database
// path that names no file.
func sqliteExists(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no database at %s: there is no such file; name an existing database, or create this one by storing volumes in it with chancery ingest or chancery get", path)
	case err != nil:
		return fmt.Errorf("database %s: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("database %s is a directory, not a SQLite file", path)
	}
	return nil
}

// printJSON writes v as indented JSON, the form of every command's --json.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
