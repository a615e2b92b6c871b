package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/counts"
)

// citing is one place that cites a document, as its "Cited by" section
// lists it.
type citing struct {
	Href   string // the citing document, at the note
	Label  string // "Document 150" or the division's label
	Title  string // the document's title
	Date   string
	Volume string  // the citing volume's short title, for other volumes
	Note   string  // the note's number, when the citation is in a note
	Texts  []quote // its citations of the document, as written
}

// quote is a citation as written, and whether Chancery found it in plain
// words.
type quote struct {
	Text  string
	Found bool
}

// citedBy is a document's "Cited by" section.
type citedBy struct {
	Here, Others []citing
}

// Len is how many places cite the document.
func (c citedBy) Len() int { return len(c.Here) + len(c.Others) }

// citedBy lists what cites a document: its citations from every volume
// (chancery.Citations.CitedBy), each with its citing document's title and
// date, from this volume first, then the others by volume. A citing
// volume that cannot be read is left out.
func (s *Server) citedBy(ctx context.Context, v *chancery.Volume, d *chancery.Document) (citedBy, error) {
	var out citedBy
	cs, err := s.store.CitedBy(ctx, v.ID, d.ID)
	if err != nil {
		return out, err
	}
	var places []citing
	at := map[string]int{} // by address: a note citing twice is listed once
	for _, c := range cs {
		href := "/historicaldocuments/" + url.PathEscape(c.Volume) + "/" + url.PathEscape(c.Document)
		if c.Note != "" {
			href += "#" + url.PathEscape(c.Note)
		}
		q := quote{c.Text, c.Found()}
		if i, ok := at[href]; ok {
			places[i].Texts = append(places[i].Texts, q)
			continue
		}
		from, err := s.volume(ctx, c.Volume)
		if errors.Is(err, chancery.ErrNotFound) {
			continue // removed since
		}
		if err != nil {
			return out, err
		}
		e := citing{Href: href, Note: noteNumber(c.Note), Texts: []quote{q}, Label: c.Document}
		if div, _ := findDivision(from.Structure, c.Document); div != nil {
			e.Label, e.Title = label(*div), div.Head
			if div.IsDocument() && div.N == "" {
				e.Label = "Document"
			}
			if div.Date != nil {
				e.Date = formatInterval(div.Date)
			}
		}
		if c.Volume != v.ID {
			e.Volume = shortTitle(from)
		}
		at[href] = len(places)
		places = append(places, e)
	}
	for _, e := range places {
		if e.Volume == "" {
			out.Here = append(out.Here, e)
		} else {
			out.Others = append(out.Others, e)
		}
	}
	return out, nil
}

// noteNumber returns the number a note's id gives it ("d253fn3" → "3"),
// or "".
func noteNumber(id string) string {
	i := len(id)
	for i > 0 && id[i-1] >= '0' && id[i-1] <= '9' {
		i--
	}
	if i >= 2 && id[i-2:i] == "fn" {
		return id[i:]
	}
	return ""
}

// citedCounts returns how often each document is cited, from any volume.
func citedCounts(counts []chancery.CitationCount) map[string]int {
	m := make(map[string]int, len(counts))
	for _, c := range counts {
		m[c.Document] = c.Here + c.Others
	}
	return m
}

// writeCited writes how often a document is cited, for a table of
// contents, unless it is not.
func writeCited(b *bytes.Buffer, n int) {
	if n == 0 {
		return
	}
	fmt.Fprintf(b, ` <span class="cited-count" title="%s">%s</span>`, counts.Of(n, "citation", "citations")+" of this document in the library", counts.Of(n, "citation", "citations"))
}

// mostCited is a document on a volume's list of its most cited.
type mostCited struct {
	Href, Label, Title, Date string
	Here, Others             int
}

// mostCitedLen is how many documents a volume page lists as its most
// cited.
const mostCitedLen = 10

// topCited returns a volume's most cited documents, most first (in the
// volume's order when as often).
func topCited(v *chancery.Volume, cs []chancery.CitationCount) []mostCited {
	sorted := append([]chancery.CitationCount(nil), cs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return sorted[i].Here+sorted[i].Others > sorted[j].Here+sorted[j].Others
	})
	var out []mostCited
	for _, c := range sorted[:min(len(sorted), mostCitedLen)] {
		m := mostCited{Href: "/historicaldocuments/" + url.PathEscape(v.ID) + "/" + url.PathEscape(c.Document) + "#cited-by", Label: c.Document, Here: c.Here, Others: c.Others}
		if d, _ := findDivision(v.Structure, c.Document); d != nil {
			m.Label, m.Title = label(*d), d.Head
			if d.Date != nil {
				m.Date = formatInterval(d.Date)
			}
		}
		out = append(out, m)
	}
	return out
}
