// Package pagemap maps a volume's printed pages to the documents printed
// on them, so that a citation of pages ("pp. 370–376", "p. 293") finds
// the documents a reader would open. It is pure: it reads a decoded
// volume (its page breaks in order, and each document's pages) and
// answers from memory.
//
// Pages are kept in the order of the volume's page breaks, so that
// numbers that restart (roman front matter, then arabic; a second part
// from 1) stay apart: a range is sought from its first page forward, and
// a number met twice resolves to its first place unless a range needs
// the later one.
package pagemap

import (
	"errors"
	"fmt"
	"strings"

	"github.com/chancery-frus/chancery"
)

// Map is a volume's pages in order, each with the documents printed on it.
type Map struct {
	pages    []Page
	byNumber map[string][]int // normalised printed number → places in pages
}

// Page is a printed page and the documents on it: first those that begin
// on it, in order, then those continued from an earlier page.
type Page struct {
	N      string   `json:"n"`            // the printed number, as the volume gives it
	ID     string   `json:"id,omitempty"` // the page break's id, e.g. "pg_534"
	Docs   []string `json:"docs,omitempty"`
	Begins int      `json:"begins"` // how many of Docs begin on the page
}

// New builds the map of a volume's pages: vol.Pages in order, and each
// document's pages (chancery.Document.Pages, the printed numbers it
// spans) placed on them from the place of its first page, sought forward
// from where the document before it began.
func New(vol *chancery.Volume, docs []*chancery.Document) *Map {
	m := &Map{pages: make([]Page, len(vol.Pages)), byNumber: map[string][]int{}}
	for i, p := range vol.Pages {
		m.pages[i] = Page{N: p.N, ID: p.ID}
		if k := Normalize(p.N); k != "" {
			m.byNumber[k] = append(m.byNumber[k], i)
		}
	}
	continued := make([][]string, len(m.pages))
	cursor := 0
	for _, d := range docs {
		if d == nil || len(d.Pages) == 0 {
			continue
		}
		first := m.seek(Normalize(d.Pages[0]), cursor)
		if first < 0 {
			continue
		}
		cursor = first
		m.pages[first].Docs = append(m.pages[first].Docs, d.ID)
		m.pages[first].Begins++
		// The rest of its pages follow the first, one page break each.
		for k := 1; k < len(d.Pages) && first+k < len(m.pages); k++ {
			continued[first+k] = append(continued[first+k], d.ID)
		}
	}
	for i := range m.pages {
		m.pages[i].Docs = append(m.pages[i].Docs, continued[i]...)
	}
	if plate := plates(vol); len(plate) > 0 {
		for i := range m.pages {
			if doc := plate[m.pages[i].ID]; doc != "" && len(m.pages[i].Docs) == 0 {
				m.pages[i].Docs = []string{doc}
			}
		}
	}
	return m
}

// plates returns the pages that hold nothing but figures between two
// documents of a division — a chart or a map printed after the document
// it belongs to (frus1919Parisv01 p. 112, the chart of d60) — each with
// that document: the one right before its page break.
func plates(vol *chancery.Volume) map[string]string {
	out := map[string]string{}
	blank := func(n *chancery.Node) bool { return n.IsText() && strings.TrimSpace(n.Text) == "" }
	chancery.Walk(vol.Structure, func(d *chancery.Division, _ int) bool {
		if d.Content == nil || d.IsDocument() {
			return true
		}
		kids := d.Content.Children
		prev := "" // the document right before, blanks aside
		for i, k := range kids {
			switch {
			case blank(k):
				continue
			case k.Name == "document":
				prev = k.Attr("id")
				continue
			case k.Name == "pb" && prev != "" && k.Attr("id") != "":
				figures, j := 0, i+1
				for ; j < len(kids) && (blank(kids[j]) || kids[j].Name == "figure"); j++ {
					if kids[j].Name == "figure" {
						figures++
					}
				}
				if figures > 0 && j < len(kids) && (kids[j].Name == "pb" || kids[j].Name == "document") {
					out[k.Attr("id")] = prev
				}
			}
			prev = ""
		}
		return true
	})
	return out
}

// Keep builds a volume's page map (New) and keeps it with the volume:
// each page of vol.Pages holds its documents, for Of to read back.
func Keep(vol *chancery.Volume, docs []*chancery.Document) {
	m := New(vol, docs)
	for i, p := range m.pages {
		vol.Pages[i].Docs, vol.Pages[i].Begins = p.Docs, p.Begins
	}
}

// Of returns the page map kept with a volume (Keep): a stored volume's
// map, without reading its documents.
func Of(vol *chancery.Volume) *Map {
	m := &Map{pages: make([]Page, len(vol.Pages)), byNumber: map[string][]int{}}
	for i, p := range vol.Pages {
		m.pages[i] = Page{N: p.N, ID: p.ID, Docs: p.Docs, Begins: min(p.Begins, len(p.Docs))}
		if k := Normalize(p.N); k != "" {
			m.byNumber[k] = append(m.byNumber[k], i)
		}
	}
	return m
}

// Place returns the place of the page with the given id in the volume's
// order, or -1.
func (m *Map) Place(id string) int {
	for i, p := range m.pages {
		if p.ID == id {
			return i
		}
	}
	return -1
}

// seek returns the first place of printed number n at or after from, or -1.
func (m *Map) seek(n string, from int) int {
	for _, i := range m.byNumber[n] {
		if i >= from {
			return i
		}
	}
	return -1
}

// Seek returns the place of the first page numbered n at or after place
// from, or -1.
func (m *Map) Seek(n string, from int) int { return m.seek(Normalize(n), from) }

// Len returns the number of pages.
func (m *Map) Len() int { return len(m.pages) }

// Pages returns the pages in order; the caller must not change them.
func (m *Map) Pages() []Page { return m.pages }

// Normalize returns the key a printed page number is found by: without
// the brackets of a number the page does not print ("[II]"), spaces and
// leading zeros, and in lower case ("XXV" and "xxv" are one page). It
// returns "" for a page without a number.
func Normalize(n string) string {
	n = strings.ToLower(strings.Trim(n, "[] \t\n"))
	if t := strings.TrimLeft(n, "0"); t != "" && isDigits(n) {
		n = t
	}
	return n
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Span is a range of pages resolved: the places of its first and last
// pages in the volume's order, and the documents printed on them.
type Span struct {
	First, Last int
	// Docs are the documents printed on the pages: first those that
	// begin on them, in order, then those continued onto the first page
	// from before it (a citation of a page means the document that begins
	// there before one that ends there).
	Docs []string
}

// Error is why a range of pages resolves to nothing: a citation that is
// broken, with its reason.
type Error struct {
	Kind   string // KindNoPage, KindReversed or KindNoNumber
	Reason string
}

func (e *Error) Error() string { return e.Reason }

// The kinds of Error.
const (
	KindNoPage   = "no-page"   // a page the volume does not have
	KindReversed = "reversed"  // a range that ends before it begins
	KindNoNumber = "no-number" // no page number given
)

// ErrPage matches every Error (errors.Is).
var ErrPage = errors.New("page not resolved")

// Is makes every Error match ErrPage.
func (e *Error) Is(target error) bool { return target == ErrPage }

// Resolve resolves the pages first to last (last "" for one page) to the
// documents printed on them. first is sought from the volume's start, and
// last from first on.
func (m *Map) Resolve(first, last string) (Span, error) {
	a, b := Normalize(first), Normalize(last)
	if a == "" {
		return Span{}, &Error{Kind: KindNoNumber, Reason: "no page number"}
	}
	if b == "" {
		b = a
	}
	places := m.byNumber[a]
	if len(places) == 0 {
		return Span{}, &Error{Kind: KindNoPage, Reason: fmt.Sprintf("no page %s in this volume", first)}
	}
	if len(m.byNumber[b]) == 0 {
		return Span{}, &Error{Kind: KindNoPage, Reason: fmt.Sprintf("no page %s in this volume", last)}
	}
	for _, i := range places {
		if j := m.seek(b, i); j >= 0 {
			return Span{First: i, Last: j, Docs: m.Docs(i, j)}, nil
		}
	}
	return Span{}, &Error{Kind: KindReversed, Reason: fmt.Sprintf("pages %s–%s: the range ends before it begins", first, last)}
}

// Docs returns the documents printed on the pages from place i to j:
// first those that begin on them, in order, then those continued onto
// page i from before it.
func (m *Map) Docs(i, j int) []string {
	var out []string
	for k := i; k <= j; k++ {
		out = append(out, m.pages[k].Docs[:m.pages[k].Begins]...)
	}
	return append(out, m.pages[i].Docs[m.pages[i].Begins:]...)
}
