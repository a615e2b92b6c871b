package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery/ingest"
)

func newMigrateCmd() *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "migrate --from DB --to DB",
		Short: "Copy a corpus between databases: a SQLite file into PostgreSQL, or back",
		Long: `Migrate copies every volume of --from into --to, each in one transaction, and
verifies the copy: each volume's records (volume, documents, warnings) must
have the same checksum on both sides, and every volume the same counts.
Either side is a SQLite file or a PostgreSQL connection string; volumes
already in --to with the same content are left as they are.`,
		Example: `  chancery migrate --from chancery.db --to postgres://chancery@db.internal/chancery
  chancery migrate --from postgres://chancery@db.internal/chancery --to backup.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
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
			return optimize(cmd.Context(), dst, out, false)
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the database to copy from")
	cmd.Flags().StringVar(&to, "to", "", "the database to copy into")
	cmd.MarkFlagRequired("from")
	cmd.MarkFlagRequired("to")
	return cmd
}
