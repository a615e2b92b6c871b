package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery/graph"
	"github.com/chancery-frus/chancery/sqlite"
	"github.com/chancery-frus/chancery/tei"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of chancery, its decoder and its SQLite driver",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			version := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				version = bi.Main.Version
			}
			fmt.Fprintf(cmd.OutOrStdout(), "chancery %s\nTEI decoder version %s\ncitation reading version %s\nSQLite driver %s\n", version, tei.Version, graph.Version, sqlite.Driver)
			return nil
		},
	}
}
