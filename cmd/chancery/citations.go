package main

import (
	"bufio"
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery/graph"
)

func newCitationsCmd() *cobra.Command {
	var (
		db, idsFile, format string
	)
	cmd := &cobra.Command{
		Use:   "citations [--db FILE] [--format jsonl|csv] [--volume-ids FILE] [VOLUME_ID [DOCUMENT_ID]]",
		Short: "Print the citation graph: every citation, what it leads to and how",
		Long: `Citations prints the citation graph as ingest resolved it: each citation a
volume makes — a ref of its markup, or a citation of the series found in
plain words — with its place (volume, document, note), its text, the volume,
id or pages it cites, the documents it leads to, and how a reader meets it:
here (resolved to documents stored here), not-held (a volume not stored
here), or broken, with what is wrong and why (see chancery check).

Without arguments it prints the whole graph, in the order of the citing
volumes; with a volume id, that volume's citations; with a document id too,
that document's. --format jsonl (the default) prints a JSON object a line;
csv prints a header and a row a citation, the documents separated by
spaces. The same are served at /api/v1/citations and
/api/v1/citations/export. With --volume-ids (the publisher's
frus-volume-ids.txt), citations of volume ids not in the series are broken.`,
		Example: "  chancery citations --format csv > citations.csv\n  chancery citations frus1961-63v05 d253",
		Args:    cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			known, err := readVolumeIDs(idsFile)
			if err != nil {
				return err
			}
			store, err := openStore(cmd.Context(), db, readExisting)
			if err != nil {
				return err
			}
			defer store.Close()
			out := cmd.OutOrStdout()
			if len(args) == 0 {
				return graph.Export(cmd.Context(), store, out, format, known)
			}
			if format != graph.FormatJSONL {
				return &exitError{code: 2, msg: "a volume's citations are printed as jsonl; csv is for the whole graph"}
			}
			if _, err := store.VolumeHash(cmd.Context(), args[0]); err != nil {
				return err
			}
			doc := ""
			if len(args) == 2 {
				doc = args[1]
			}
			cs, err := store.Citations(cmd.Context(), args[0], doc)
			if err != nil {
				return err
			}
			bw := bufio.NewWriter(out)
			enc := json.NewEncoder(bw)
			for _, c := range cs {
				if err := enc.Encode(graph.NewEdge(c, known)); err != nil {
					return err
				}
			}
			return bw.Flush()
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&format, "format", graph.FormatJSONL, "jsonl or csv")
	volumeIDsFlag(cmd, &idsFile)
	return cmd
}
