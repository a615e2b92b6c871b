package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/search"
)

func newSearchCmd() *cobra.Command {
	var (
		db     string
		asJSON bool
		f      search.Params
		page   int
	)
	cmd := &cobra.Command{
		Use:   "search [--db FILE] [--json] [filters] QUERY...",
		Short: "Search the full text of the stored documents",
		Long: `Search finds documents by their words. Words are ANDed and stemmed ("ban"
finds "bans"); case and diacritics are ignored. docs/search.md describes the
whole language:

  "test ban"            the exact phrase          "test ban"~10   within 10 words
  nuclear OR atomic     either word               -Berlin         without the word
  arbitrat*             words beginning so        wom?n           one letter unknown
  =office               exactly, not "offices"    (a OR b) c      grouping
  title:Cuba  person:Gromyko  place:Moscow        fields
  in:text  in:notes     only the documents' own text, or only the editors' notes

Hits come by relevance (BM25, title weighted up) or by date, with a
passage around the matches; --facets adds counts by volume, decade, year,
type and person.`,
		Example: `  chancery search '"test ban" Khrushchev'
  chancery search --from 1962-10 --to 1962-11 --type telegram Cuba
  chancery search --json --facets --volume frus1936v03 'Ethiopia -Italy'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if page < 1 {
				return fmt.Errorf("page %d: pages count from 1", page)
			}
			f.Query = strings.Join(args, " ")
			f.Offset = (page - 1) * f.Limit
			req, err := f.Request()
			if err != nil {
				return err
			}
			store, err := openStore(cmd.Context(), db, readExisting)
			if err != nil {
				return err
			}
			defer store.Close()
			start := time.Now()
			res, err := store.Search(cmd.Context(), req)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			printResults(cmd.OutOrStdout(), req, res, time.Since(start))
			return nil
		},
	}
	dbFlag(cmd, &db)
	fl := cmd.Flags()
	fl.BoolVar(&asJSON, "json", false, "print the results as JSON")
	fl.StringSliceVar(&f.Volumes, "volume", nil, "only in this volume (repeat or separate by commas)")
	fl.StringVar(&f.From, "from", "", "only documents dated on or after this date (1962, 1962-10, 1962-10-18)")
	fl.StringVar(&f.To, "to", "", "only documents dated on or before this date")
	fl.StringSliceVar(&f.Types, "type", nil, "only documents of this type: telegram, memorandum-of-conversation, letter, memorandum, editorial-note, …")
	fl.StringVar(&f.Kind, "kind", "", "historical (documents) or editorial (editorial notes)")
	fl.StringVar(&f.Sort, "sort", chancery.SortRelevance, "relevance, date-asc or date-desc")
	fl.IntVar(&f.Limit, "limit", search.DefaultLimit, "hits per page")
	fl.IntVar(&page, "page", 1, "page of hits, from 1")
	fl.BoolVar(&f.Facets, "facets", false, "count the hits by volume, decade, year, type and person")
	return cmd
}

func printResults(w io.Writer, req *chancery.SearchRequest, res *chancery.SearchResult, took time.Duration) {
	fmt.Fprintf(w, "%d documents match %s (%.1f ms)\n", res.Total, req.Query.Input, float64(took.Microseconds())/1000)
	for i, h := range res.Hits {
		date := "undated"
		if h.Date != nil {
			date = h.Date.Min.In(time.FixedZone("UTC-5", -5*3600)).Format("2006-01-02")
		}
		fmt.Fprintf(w, "\n%d. %s/%s  %s\n   %s · %s · score %.2f\n   ", req.Offset+i+1, h.Volume, h.Document, h.Title, date, chancery.TypeLabel(h.Type), h.Score)
		for _, p := range h.Snippet {
			if p.Match {
				fmt.Fprintf(w, "«%s»", p.Text)
			} else {
				fmt.Fprint(w, p.Text)
			}
		}
		fmt.Fprintln(w)
	}
	if f := res.Facets; f != nil {
		facet := func(name string, counts []chancery.FacetCount, max int) {
			var parts []string
			for i, c := range counts {
				if i == max {
					parts = append(parts, "…")
					break
				}
				parts = append(parts, fmt.Sprintf("%s %d", c.Value, c.Count))
			}
			fmt.Fprintf(w, "%-8s %s\n", name+":", strings.Join(parts, ", "))
		}
		fmt.Fprintln(w)
		facet("volumes", f.Volumes, 10)
		facet("decades", f.Decades, 20)
		facet("years", f.Years, 20)
		facet("types", f.Types, 20)
		facet("persons", f.Persons, 10)
	}
}
