package cite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chancery-frus/chancery"
)

// BibTeX cites d as an @incollection entry, or the volume as a @book entry
// when d is nil, keyed by Key ("frus1961-63v05-d253"):
//
//	@incollection{frus1961-63v05-d253,
//	  title     = {{Memorandum of Conversation}},
//	  booktitle = {Foreign Relations of the United States, 1961--1963, Volume V, Soviet Union},
//	  series    = {Foreign Relations of the United States},
//	  editor    = {Sampson, Charles S. and Joyce, John Michael},
//	  …
//	}
//
// Editors are written "Family, Given" (or "Family, Suffix, Given") so that
// BibTeX reads multi-word names right, joined by " and ". A document cited
// by number (see the package comment) gets type = {Document} and chapter =
// {253}, which standard styles print as "document 253"; its pages are
// given whenever known. The note holds the document's date. The title is
// double-braced to keep its capitals. LaTeX specials in values are escaped
// (\& \% \$ \# \_ \textbraceleft{} \textbraceright{} \textasciitilde{}
// \textasciicircum{} \textbackslash{}; braces are not written \{ \}
// because BibTeX counts them), en and em dashes become -- and ---, other
// characters stay UTF-8. The url field is written verbatim, except that
// braces and spaces are percent-encoded.
func BibTeX(v *chancery.Volume, d *chancery.Document, url string) string {
	if v == nil {
		return ""
	}
	w := newWork(v, d)
	type field struct{ name, value string }
	var fields []field
	add := func(name, value string) {
		if value != "" {
			fields = append(fields, field{name, value})
		}
	}
	kind := "book"
	if d != nil {
		kind = "incollection"
		add("title", "{"+texEscape(w.title)+"}")
		add("booktitle", texEscape(w.fullTitle()))
	} else {
		add("title", "{"+texEscape(w.fullTitle())+"}")
	}
	add("series", texEscape(w.seriesTitle))
	names := make([]string, len(w.editors))
	for i, e := range w.editors {
		n := SplitName(e)
		s := n.Family
		if n.Suffix != "" {
			s += ", " + n.Suffix
		}
		if n.Given != "" {
			s += ", " + n.Given
		}
		names[i] = texEscape(s)
	}
	add("editor", strings.Join(names, " and "))
	add("publisher", texEscape(w.publisher))
	add("address", texEscape(w.place))
	add("year", w.year)
	if d != nil {
		if w.byNumber() {
			add("type", "Document")
			add("chapter", texEscape(w.number))
		}
		if w.first != "" {
			p := w.first
			if w.last != w.first {
				p += "--" + w.last
			}
			add("pages", texEscape(p))
		}
	}
	add("isbn", texEscape(w.isbn))
	add("url", strings.NewReplacer("{", "%7B", "}", "%7D", " ", "%20").Replace(url))
	if w.date != nil {
		add("note", "Dated "+w.date.human())
	}

	var b strings.Builder
	fmt.Fprintf(&b, "@%s{%s,\n", kind, Key(v, d))
	for i, f := range fields {
		fmt.Fprintf(&b, "  %-9s = {%s}", f.name, f.value)
		if i < len(fields)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.String()
}

// texEscape escapes the LaTeX special characters of s and collapses its
// white space.
func texEscape(s string) string {
	var b strings.Builder
	for _, r := range clean(s) {
		switch r {
		case '\\':
			b.WriteString(`\textbackslash{}`)
		case '{':
			b.WriteString(`\textbraceleft{}`)
		case '}':
			b.WriteString(`\textbraceright{}`)
		case '~':
			b.WriteString(`\textasciitilde{}`)
		case '^':
			b.WriteString(`\textasciicircum{}`)
		case '&', '%', '$', '#', '_':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '–':
			b.WriteString("--")
		case '—':
			b.WriteString("---")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// RIS cites d as a CHAP record, or the volume as a BOOK record when d is
// nil. Lines end in CRLF, as RIS requires, and the record ends with the
// line "ER  - ". Tags: TY; TI (the document's title, or the volume's);
// T2 (the volume's title, documents only); T3 (the series); one ED per
// editor, "Family, Given"; PB; CY; PY; SP and EP (pages, when known); M1
// (the document number); SN (ISBN); N1 (the document's date); UR.
func RIS(v *chancery.Volume, d *chancery.Document, url string) string {
	if v == nil {
		return ""
	}
	w := newWork(v, d)
	var b strings.Builder
	add := func(tag, value string) {
		if value = clean(value); value != "" {
			b.WriteString(tag + "  - " + value + "\r\n")
		}
	}
	if d != nil {
		add("TY", "CHAP")
		add("TI", w.title)
		add("T2", w.fullTitle())
	} else {
		add("TY", "BOOK")
		add("TI", w.fullTitle())
	}
	add("T3", w.seriesTitle)
	for _, e := range w.editors {
		add("ED", SplitName(e).inverted())
	}
	add("PB", w.publisher)
	add("CY", w.place)
	add("PY", w.year)
	if d != nil {
		add("SP", w.first)
		if w.last != w.first {
			add("EP", w.last)
		}
		add("M1", w.number)
	}
	add("SN", w.isbn)
	if w.date != nil {
		add("N1", "Date: "+w.date.human())
	}
	add("UR", url)
	b.WriteString("ER  - \r\n")
	return b.String()
}

// CSLDate is a CSL-JSON date: one date, or two for a range, each of one to
// three parts (year, month, day).
type CSLDate struct {
	DateParts [][]int `json:"date-parts"`
}

// CSLItem is a CSL-JSON item as CSLJSON writes it.
type CSLItem struct {
	ID              string   `json:"id"`
	Type            string   `json:"type"` // "chapter" or "book"
	Title           string   `json:"title,omitempty"`
	ContainerTitle  string   `json:"container-title,omitempty"`
	CollectionTitle string   `json:"collection-title,omitempty"`
	Editor          []Name   `json:"editor,omitempty"`
	Publisher       string   `json:"publisher,omitempty"`
	PublisherPlace  string   `json:"publisher-place,omitempty"`
	Issued          *CSLDate `json:"issued,omitempty"`
	Number          string   `json:"number,omitempty"`
	Page            string   `json:"page,omitempty"`
	Genre           string   `json:"genre,omitempty"`
	EventDate       *CSLDate `json:"event-date,omitempty"`
	ISBN            string   `json:"ISBN,omitempty"`
	URL             string   `json:"URL,omitempty"`
}

// CSL returns the CSL-JSON item citing d (or the volume when d is nil):
// type "chapter" with the volume's title as container-title, or "book";
// the series as collection-title; editors split into family and given
// names (see SplitName); issued the publication year; number the document
// number; page the citable page range ("533-534"); genre the document type
// ("Memorandum of conversation"); event-date the document's date in
// Eastern time, at its precision (a range gives two dates).
func CSL(v *chancery.Volume, d *chancery.Document, url string) CSLItem {
	if v == nil {
		return CSLItem{}
	}
	w := newWork(v, d)
	it := CSLItem{
		ID:              Key(v, d),
		Type:            "book",
		Title:           w.fullTitle(),
		CollectionTitle: w.seriesTitle,
		Publisher:       w.publisher,
		PublisherPlace:  w.place,
		ISBN:            w.isbn,
		URL:             url,
	}
	for _, e := range w.editors {
		it.Editor = append(it.Editor, SplitName(e))
	}
	if w.year != "" {
		var y int
		fmt.Sscan(w.year, &y)
		it.Issued = &CSLDate{DateParts: [][]int{{y}}}
	}
	if d != nil {
		it.Type = "chapter"
		it.Title = w.title
		it.ContainerTitle = w.fullTitle()
		it.Number = w.number
		if w.first != "" {
			it.Page = w.first
			if w.last != w.first {
				it.Page += "-" + w.last
			}
		}
		if d.Type != "" && d.Type != chancery.TypeOther {
			it.Genre = chancery.TypeLabel(d.Type)
		}
		if w.date != nil {
			it.EventDate = &CSLDate{DateParts: w.date.parts()}
		}
	}
	return it
}

// CSLJSON cites d (or the volume when d is nil) as a CSL-JSON array holding
// the one item CSL returns, indented, with a final newline. "&", "<" and
// ">" are written as themselves.
func CSLJSON(v *chancery.Volume, d *chancery.Document, url string) string {
	if v == nil {
		return ""
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode([]CSLItem{CSL(v, d, url)}); err != nil {
		panic(err) // cannot happen: the item holds only strings and numbers
	}
	return b.String()
}
