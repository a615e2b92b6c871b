package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/cite"
)

func newCiteCmd() *cobra.Command {
	var db, style string
	var names []string
	for _, s := range cite.Styles {
		names = append(names, s.Name)
	}
	cmd := &cobra.Command{
		Use:   "cite [--db FILE] [--style STYLE] VOL/DOC",
		Short: "Print the citation of a document or a volume",
		Long: `Cite prints how to cite a document (VOL/DOC, like frus1961-63v05/d253) or a
whole volume (VOL), with its permanent address on history.state.gov. The
styles: ` + strings.Join(names, ", ") + `. Chicago is the form the Office of the
Historian recommends.`,
		Example: "  chancery cite frus1961-63v05/d253\n  chancery cite --style bibtex frus1961-63v05/d253 >> frus.bib",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			vol, doc, _ := strings.Cut(strings.Trim(args[0], "/"), "/")
			store, err := openStore(cmd.Context(), db, readExisting)
			if err != nil {
				return err
			}
			defer store.Close()
			v, err := store.Volume(cmd.Context(), vol)
			if errors.Is(err, chancery.ErrNotFound) {
				return fmt.Errorf("volume %s is not in %s", vol, db)
			}
			if err != nil {
				return err
			}
			var d *chancery.Document
			if doc != "" {
				if d, err = store.Document(cmd.Context(), vol, doc); err != nil {
					if errors.Is(err, chancery.ErrNotFound) {
						return fmt.Errorf("%s is not in %s", args[0], db)
					}
					return err
				}
			}
			url := chancery.SiteURL(vol, doc)
			text, err := cite.Format(style, v, d, url)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), strings.TrimRight(text, "\r\n"))
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&style, "style", "chicago", "citation style: "+strings.Join(names, ", "))
	return cmd
}
