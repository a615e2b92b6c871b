package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/web"
)

func newShowCmd() *cobra.Command {
	var (
		db     string
		format string
	)
	cmd := &cobra.Command{
		Use:   "show [--db FILE] [--format text|markdown|html|json|tei] VOL/DOC",
		Short: "Print one document as text, Markdown, HTML, JSON or TEI",
		Long: `Show prints the stored record of one document, named like its address on
history.state.gov: VOLUME/DOCUMENT, for example frus1961-63v05/d253. With
only a volume id it prints the volume's record: titles, editors, the table
of contents, persons, terms and pages.

Formats:
  json      the stored record, every field Chancery keeps: number, title and
            head markup, dateline and normalised date, source note and
            footnotes, pages, subject, participants, mentions,
            cross-references, attachments, signatures, and the body as a tree
            (elements as [name, {attributes}, children...]) (the default)
  text      plain text: number and title, dateline, subject, participants,
            the body with [Page 534] markers and [1] note markers, the notes
  markdown  the same as Markdown, notes as footnotes
  html      a standalone HTML page, as the reader shows the document
  tei       the document's TEI fragment, notes back in place

Only json applies to a whole volume.`,
		Example: "  chancery show --format json frus1961-63v05/d253",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "json", "text", "markdown", "html", "tei":
			default:
				return fmt.Errorf("unknown format %q: the formats are text, markdown, html, json and tei", format)
			}
			vol, doc, _ := strings.Cut(strings.Trim(args[0], "/"), "/")
			if vol == "" {
				return fmt.Errorf("%q is not VOLUME/DOCUMENT, like frus1961-63v05/d253", args[0])
			}
			store, err := openStore(cmd.Context(), db, readExisting)
			if err != nil {
				return err
			}
			defer store.Close()
			var record any
			if doc == "" {
				if format != "json" {
					return fmt.Errorf("a whole volume is shown only as json: name a document, like %s/d1", vol)
				}
				record, err = store.Volume(cmd.Context(), vol)
			} else {
				record, err = store.Document(cmd.Context(), vol, doc)
			}
			if errors.Is(err, chancery.ErrNotFound) {
				return fmt.Errorf("%s is not in %s", args[0], db)
			}
			if err != nil {
				return err
			}
			if format != "json" {
				v, err := store.Volume(cmd.Context(), vol)
				if err != nil {
					return err
				}
				nested := func(id string) *chancery.Document {
					d, err := store.Document(cmd.Context(), vol, id)
					if err != nil {
						return nil
					}
					return d
				}
				stored := func(id string) bool { _, err := store.VolumeHash(cmd.Context(), id); return err == nil }
				out, _ := web.ExportDocument(format, v, record.(*chancery.Document), nested, stored)
				_, err = io.WriteString(cmd.OutOrStdout(), out)
				return err
			}
			return printJSON(cmd.OutOrStdout(), record)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&format, "format", "json", "output format: text, markdown, html, json or tei")
	return cmd
}
