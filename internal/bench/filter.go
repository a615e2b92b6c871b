package bench

import (
	"fmt"
	"strings"
	"time"

	"github.com/chancery-frus/chancery/search"
)

// A line of a query file is a query, optionally followed by " | " and
// filters, each key=value, separated by spaces:
//
//	treaty | volume=frus1895Supp
//	neutrality | from=1910 to=1919
//
// Filters are run as a reader's search runs them (search.Params), and by
// the baselines as a WHERE on the documents' table.

// Filter is what a line asks beside its query: a volume and a date range.
type Filter struct {
	Volume   string
	From, To string // as search.Params takes them: 1962, 1962-10, 1962-10-18
}

// Line splits a query file's line into its query and filters.
func Line(line string) (string, Filter, error) {
	text, filters, found := strings.Cut(line, " | ")
	var f Filter
	if !found {
		return strings.TrimSpace(line), f, nil
	}
	for _, kv := range strings.Fields(filters) {
		k, v, ok := strings.Cut(kv, "=")
		switch {
		case !ok || v == "":
			return "", f, fmt.Errorf("%q: a filter is key=value", line)
		case k == "volume":
			f.Volume = v
		case k == "from":
			f.From = v
		case k == "to":
			f.To = v
		default:
			return "", f, fmt.Errorf("%q: no filter %q (volume, from, to)", line, k)
		}
	}
	return strings.TrimSpace(text), f, nil
}

// Params returns the search a reader asks for: the first page of 10 hits
// with facets, with the filter.
func (f Filter) Params(text string) search.Params {
	p := search.Params{Query: text, From: f.From, To: f.To, Limit: 10, Facets: true}
	if f.Volume != "" {
		p.Volumes = []string{f.Volume}
	}
	return p
}

// baselineLine splits a line as Line does, for a baseline, with the
// filter's dates as the first and last instants kept (zero when open).
func baselineLine(line string) (text string, f Filter, from, to time.Time, err error) {
	if text, f, err = Line(line); err != nil {
		return
	}
	if from, _, err = search.DateBound(f.From); err != nil {
		return
	}
	_, to, err = search.DateBound(f.To)
	return
}
