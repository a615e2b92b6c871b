// Package search turns what a person asks for — a query text, filters, an
// order and a page, from the command line or a URL — into a validated
// chancery.SearchRequest, with messages that say what to fix.
package search

import (
	"fmt"
	"strings"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/tei"
)

// Limits on paging.
const (
	DefaultLimit = 10
	MaxLimit     = 1000
	MaxOffset    = 100000
)

// Params are a search as asked for.
type Params struct {
	Query    string
	Volumes  []string
	From, To string // 1962, 1962-10 or 1962-10-18
	Types    []string
	Kind     string
	Sort     string
	Limit    int
	Offset   int // hits to skip
	Facets   bool
}

// Error is a request that cannot be run as asked, with what to fix.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// Request validates the parameters and builds the request. Its errors are
// *Error or *query.Error.
//
// Without words, filters alone are a search: it lists every document they
// keep, oldest first unless another date order is asked for (there is no
// relevance without words), and its Query is empty (Query.Empty) with no
// tree. Without words or filters there is nothing to search for.
func (p *Params) Request() (*chancery.SearchRequest, error) {
	words := strings.TrimSpace(p.Query) != ""
	if !words && !p.Filtered() {
		return nil, errorf("no query: give words to search for, or a volume, dates or a type to list")
	}
	q := &query.Query{}
	if words {
		var err error
		if q, err = query.Parse(p.Query); err != nil {
			return nil, err
		}
	}
	req := &chancery.SearchRequest{
		Query: q, Kind: p.Kind, Sort: p.Sort, Limit: p.Limit, Offset: p.Offset, Facets: p.Facets,
		Volumes: splitList(p.Volumes), Types: splitList(p.Types),
	}
	if req.Sort == "" {
		req.Sort = chancery.SortRelevance
	}
	if q.Empty() && req.Sort == chancery.SortRelevance {
		req.Sort = chancery.SortDateAsc
	}
	var err error
	if req.From, _, err = DateBound(p.From); err != nil {
		return nil, errorf("start date %q: give a date as 1962, 1962-10 or 1962-10-18", p.From)
	}
	if _, req.To, err = DateBound(p.To); err != nil {
		return nil, errorf("end date %q: give a date as 1962, 1962-10 or 1962-10-18", p.To)
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		return nil, errorf("the date range ends (%s) before it starts (%s)", p.To, p.From)
	}
	switch req.Sort {
	case chancery.SortRelevance, chancery.SortDateAsc, chancery.SortDateDesc:
	default:
		return nil, errorf("sort %q: use relevance, date-asc or date-desc", req.Sort)
	}
	switch req.Kind {
	case "", chancery.KindHistorical, chancery.KindEditorial:
	default:
		return nil, errorf("kind %q: use historical or editorial", req.Kind)
	}
	for _, t := range req.Types {
		if chancery.TypeLabel(t) == t {
			var known []string
			for _, x := range chancery.Types {
				known = append(known, x.Type)
			}
			return nil, errorf("type %q: the types are %s", t, strings.Join(known, ", "))
		}
	}
	if req.Limit < 0 || req.Limit > MaxLimit {
		return nil, errorf("%d hits a page: give 0 to %d", req.Limit, MaxLimit)
	}
	if req.Offset < 0 || req.Offset > MaxOffset {
		return nil, errorf("start %d: give 1 to %d, or narrow the search", req.Offset+1, MaxOffset+1)
	}
	return req, nil
}

// Filtered reports whether the parameters name a filter: a volume, a
// date, a type or a kind. Empty values, as a form sends for fields left
// blank, are no filter.
func (p *Params) Filtered() bool {
	return len(splitList(p.Volumes)) > 0 || len(splitList(p.Types)) > 0 || p.From != "" || p.To != "" || p.Kind != ""
}

// DateBound reads a date — 1962, 1962-10 or 1962-10-18 — as the interval
// it covers. An empty string gives zero times.
func DateBound(s string) (lo, hi time.Time, err error) {
	if s == "" {
		return lo, hi, nil
	}
	return tei.ParseW3C(s)
}

// splitList splits comma-separated values and drops empty ones.
func splitList(in []string) []string {
	var out []string
	for _, s := range in {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}
