package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/counts"
	"github.com/chancery-frus/chancery/internal/hits"
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
		Use:   "search [--db FILE] [--json] [filters] [QUERY...]",
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
type and person.

Without a query, the filters alone are the search: it lists every document
they keep, oldest first (--sort date-desc for newest first), each with the
beginning of its text. Give words, or at least one of --volume, --from,
--to, --type or --kind.`,
		Example: `  chancery search '"test ban" Khrushchev'
  chancery search --from 1962-10 --to 1962-11 --type telegram Cuba
  chancery search --json --facets --volume frus1936v03 'Ethiopia -Italy'
  chancery search --from 1919 --to 1919                 every document dated in 1919
  chancery search --volume frus1936v03 --type telegram  a volume's telegrams`,
		Args: cobra.ArbitraryArgs,
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
				return printJSON(cmd.OutOrStdout(), res)
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

// dateZone is the zone of the corpus's dates: they are read as UTC-5.
var dateZone = time.FixedZone("UTC-5", -5*3600)

func printResults(w io.Writer, req *chancery.SearchRequest, res *chancery.SearchResult, took time.Duration) {
	fmt.Fprintf(w, "%s (%.1f ms)\n", resultsHeader(req, res.Total), float64(took.Microseconds())/1000)
	for i, h := range res.Hits {
		date := "undated"
		if h.Date != nil {
			date = h.Date.Min.In(dateZone).Format("2006-01-02")
		}
		fmt.Fprintf(w, "\n%d. %s/%s  %s\n   %s · %s", req.Offset+i+1, h.Volume, h.Document, h.Title, date, chancery.TypeLabel(h.Type))
		if hits.Ranked(req) {
			fmt.Fprintf(w, " · score %.2f", h.Score)
		}
		fmt.Fprint(w, "\n   ")
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
		facet := func(name string, values []chancery.FacetCount, max int) {
			var parts []string
			for i, c := range values {
				if i == max {
					parts = append(parts, "…")
					break
				}
				parts = append(parts, c.Value+" "+counts.Thousands(c.Count))
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

// resultsHeader is the line above the hits: how many documents match the
// query's words ("8,371 documents match Khrushchev", "1 document matches
// …") or, without words, how many the filters keep, named by them, and in
// which order ("269 documents dated 1919-01-01 to 1919-12-31, oldest
// first").
func resultsHeader(req *chancery.SearchRequest, total int) string {
	if !req.Query.Empty() {
		verb := " match "
		if total == 1 {
			verb = " matches "
		}
		return counts.Of(total, "document", "documents") + verb + req.Query.Input
	}
	var b strings.Builder
	switch req.Kind {
	case chancery.KindHistorical:
		b.WriteString(counts.Of(total, "historical document", "historical documents"))
	case chancery.KindEditorial:
		b.WriteString(counts.Of(total, "editorial note", "editorial notes"))
	default:
		b.WriteString(counts.Of(total, "document", "documents"))
	}
	if len(req.Volumes) > 0 {
		b.WriteString(" in " + strings.Join(req.Volumes, ", "))
	}
	if len(req.Types) > 0 {
		var labels []string
		for _, t := range req.Types {
			labels = append(labels, strings.ToLower(chancery.TypeLabel(t)))
		}
		b.WriteString(" of type " + strings.Join(labels, " or "))
	}
	day := func(t time.Time) string { return t.In(dateZone).Format("2006-01-02") }
	switch {
	case !req.From.IsZero() && !req.To.IsZero() && day(req.From) == day(req.To):
		b.WriteString(" dated " + day(req.From))
	case !req.From.IsZero() && !req.To.IsZero():
		b.WriteString(" dated " + day(req.From) + " to " + day(req.To))
	case !req.From.IsZero():
		b.WriteString(" dated on or after " + day(req.From))
	case !req.To.IsZero():
		b.WriteString(" dated on or before " + day(req.To))
	}
	if req.Sort == chancery.SortDateDesc {
		b.WriteString(", newest first")
	} else {
		b.WriteString(", oldest first")
	}
	return b.String()
}
