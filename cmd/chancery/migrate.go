package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/postgres"
	"github.com/chancery-frus/chancery/sqlite"
)

func newMigrateCmd() *cobra.Command {
	var from, to, db string
	cmd := &cobra.Command{
		Use:   "migrate --from DB --to DB | migrate --db DB",
		Short: "Copy a corpus between databases (a SQLite file into PostgreSQL, or back), or bring a database's schema up to date",
		Long: `Migrate copies every volume of --from into --to, each in one transaction, and
verifies the copy: each volume's records (volume, documents, warnings) must
have the same checksum on both sides, and every volume the same counts.
The reference datasets loaded (chancery get people pocom travels) are
copied too, each replacing the load --to holds, and verified record for
record.
Either side is a SQLite file or a PostgreSQL connection string; volumes
already in --to with the same content are left as they are.

With --db alone, migrate brings the schema of an existing database up to
date and copies nothing. The commands that store volumes do this on their
own; the commands that only read never write, and ask for it when a
database is older than this chancery.`,
		Example: `  chancery migrate --from chancery.db --to postgres://chancery@db.internal/chancery
  chancery migrate --from postgres://chancery@db.internal/chancery --to backup.db
  chancery migrate --db chancery.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if db != "" {
				if from != "" || to != "" {
					return errors.New("migrate: give either --db, or --from and --to")
				}
				return migrateSchema(cmd.Context(), db, cmd.OutOrStdout())
			}
			if from == "" || to == "" {
				return errors.New("migrate: give --from and --to (or --db alone to bring one database's schema up to date)")
			}
			src, err := openStore(cmd.Context(), from, readExisting)
			if err != nil {
				return err
			}
			defer src.Close()
			dst, err := openStore(cmd.Context(), to, createIfMissing)
			if err != nil {
				return err
			}
			defer dst.Close()
			out := cmd.OutOrStdout()
			res, err := ingest.Copy(cmd.Context(), src, dst, func(r ingest.CopyResult) {
				fmt.Fprintf(out, "%s: %s, %d documents, checksum %s verified\n", r.Volume, r.Action, r.Documents, r.Checksum[:16])
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "copied and verified %d volumes\n", len(res))
			sets, err := ingest.CopyDatasets(cmd.Context(), src, dst)
			for _, name := range sets {
				fmt.Fprintf(out, "dataset %s: copied and verified\n", name)
			}
			if err != nil {
				return err
			}
			return optimize(cmd.Context(), dst, out, false)
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the database to copy from")
	cmd.Flags().StringVar(&to, "to", "", "the database to copy into")
	cmd.Flags().StringVar(&db, "db", "", "a database whose schema to bring up to date, copying nothing")
	return cmd
}

// migrateSchema opens an existing database for writing, which brings its
// schema up to date, and reports its version.
func migrateSchema(ctx context.Context, db string, out io.Writer) error {
	if !postgres.IsDSN(db) {
		if err := sqliteExists(db); err != nil {
			return err
		}
	}
	store, err := openStore(ctx, db, createIfMissing)
	if err != nil {
		return err
	}
	defer store.Close()
	if s, ok := store.(*sqlite.DB); ok {
		v, err := s.SchemaVersion(ctx)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", db, err)
		}
		fmt.Fprintf(out, "%s: schema version %d, up to date\n", db, v)
		return nil
	}
	fmt.Fprintf(out, "%s: schema up to date\n", db)
	return nil
}
