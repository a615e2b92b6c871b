// Package cite formats citations of a FRUS document, or of a whole volume,
// in the forms history.state.gov recommends and in the formats reference
// managers import.
//
// Every style is a function of a volume, a document and the URL of the
// cited page:
//
//	func(v *chancery.Volume, d *chancery.Document, url string) string
//
// A nil d cites the whole volume. An empty url leaves the address out. A nil
// v yields "" (Format reports an error instead).
//
// # Styles
//
// Chicago (notes-bibliography) is the form the Office of the Historian
// recommends; ChicagoHTML is the same with the title in <i>…</i>. For
// frus1961-63v05 document 253 it reads
//
//	Foreign Relations of the United States, 1961–1963, Volume V, Soviet
//	Union, eds. Charles S. Sampson and John Michael Joyce (Washington:
//	Government Printing Office, 1998), Document 253.
//
// followed by one space and the URL (in ChicagoHTML, a link). The other
// styles are:
//
//   - MLA (9th edition), and MLAHTML with the container title in italics;
//   - BibTeX: an @incollection entry for a document, @book for a volume;
//   - RIS: a CHAP record for a document, BOOK for a volume, CRLF line ends;
//   - CSL-JSON: an array holding one item, "chapter" or "book".
//
// Meta gives the Google Scholar / Zotero citation_* meta tags of a page,
// Styles lists the downloadable formats and Format picks one by name.
//
// # Rules shared by all styles
//
// The volume's title is built from its typed titles: the series in italics,
// then the subseries with its years spelled out and joined by an en dash
// ("1961-63" and "1961-1963" become "1961–1963"), the volume number (with
// its "Part n" when only the complete title carries it) and the volume
// title. When the complete title is not made of those parts, as in legacy
// volumes ("Papers Relating to Foreign Affairs, Accompanying the Annual
// Message of the President…, Part I", whose subseries "1866" appears nowhere
// in it), the complete title is cited whole, in italics.
//
// Editors are those whose role is "primary" (the general editor is not
// cited); when no editor has that role, editors without a role are taken;
// volumes without editor names (most legacy volumes) are cited without
// them. The place is the pubPlace, "Washington" by default. The publisher
// is shortened: "United States Government Printing Office" (or "GPO")
// becomes "Government Printing Office", "… Government Publishing Office"
// (the agency's name since 2014) becomes "Government Publishing Office";
// other publishers ("Department of State", "Office of the Historian") are
// kept as written. The year is the first four-digit number of the pubDate.
//
// Documents of volumes from the 1955–1957 subseries on are cited by number
// ("Document 253"). Before that, document numbers were assigned when the
// volumes were digitised, so documents are cited by their printed pages
// ("p. 534", "pp. 534–536"), bracketed or blank page numbers skipped, and
// by number only when no page is known. The subseries' first year comes
// from the subseries title, else from the volume id ("frus1866p1"); when
// it is unknown the document number is used.
//
// Document dates are read from Document.Date in US Eastern standard time
// (UTC−5), as the publisher normalises them, at the precision the interval
// has: a whole year, a whole month, a day, or a range of days.
package cite

import (
	"fmt"
	"html"
	"strings"

	"github.com/chancery-frus/chancery"
)

// Func is the signature every style shares.
type Func func(v *chancery.Volume, d *chancery.Document, url string) string

// Style describes a citation format that can be offered for download.
type Style struct {
	Name  string `json:"name"`  // the name Format takes: "chicago", "bibtex"…
	Label string `json:"label"` // for people: "Chicago", "BibTeX"…
	Ext   string `json:"ext"`   // file extension with its dot: ".bib"
	// MIME is the media type of a file in this format. Text types carry no
	// charset; the output is always UTF-8.
	MIME string `json:"mime"`
	Func Func   `json:"-"` // the formatter
}

// Filename returns the name of a file holding the citation of d (or of the
// volume when d is nil) in this style, e.g. "frus1961-63v05-d253.bib".
func (s Style) Filename(v *chancery.Volume, d *chancery.Document) string {
	return Key(v, d) + s.Ext
}

// Styles lists the formats Format knows, in the order they are offered.
var Styles = []Style{
	{Name: "chicago", Label: "Chicago", Ext: ".txt", MIME: "text/plain", Func: Chicago},
	{Name: "mla", Label: "MLA", Ext: ".txt", MIME: "text/plain", Func: MLA},
	{Name: "bibtex", Label: "BibTeX", Ext: ".bib", MIME: "application/x-bibtex", Func: BibTeX},
	{Name: "ris", Label: "RIS", Ext: ".ris", MIME: "application/x-research-info-systems", Func: RIS},
	{Name: "csl-json", Label: "CSL-JSON", Ext: ".json", MIME: "application/vnd.citationstyles.csl+json", Func: CSLJSON},
}

// Lookup returns the style of the given name, compared without regard to
// case or surrounding spaces.
func Lookup(name string) (Style, bool) {
	name = strings.TrimSpace(name)
	for _, s := range Styles {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return Style{}, false
}

// Format cites d (or the volume when d is nil) in the named style, one of
// the names in Styles. It fails for an unknown style or a nil volume.
func Format(style string, v *chancery.Volume, d *chancery.Document, url string) (string, error) {
	s, ok := Lookup(style)
	if !ok {
		names := make([]string, len(Styles))
		for i, s := range Styles {
			names[i] = s.Name
		}
		return "", fmt.Errorf("cite: unknown style %q (known: %s)", style, strings.Join(names, ", "))
	}
	if v == nil {
		return "", fmt.Errorf("cite: no volume to cite")
	}
	return s.Func(v, d, url), nil
}

// Key returns a stable identifier of the citation, used as the BibTeX key,
// the CSL-JSON id and the file name stem: the volume id, then "-" and the
// document id, e.g. "frus1961-63v05-d253", or "frus1961-63v05" for a
// volume. Characters a BibTeX key cannot hold are replaced by "_".
func Key(v *chancery.Volume, d *chancery.Document) string {
	k := "frus"
	if v != nil && strings.TrimSpace(v.ID) != "" {
		k = strings.TrimSpace(v.ID)
	}
	if d != nil && strings.TrimSpace(d.ID) != "" {
		k += "-" + strings.TrimSpace(d.ID)
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		case strings.ContainsRune("-_.:/+", r):
			return r
		}
		return '_'
	}, k)
}

// seg is a run of citation text, possibly italic or a link.
type seg struct {
	text   string
	italic bool
	link   bool // text is a URL to link to
}

// rich is citation text with the little markup citations need.
type rich []seg

func (r *rich) add(s string)    { *r = append(*r, seg{text: s}) }
func (r *rich) italic(s string) { *r = append(*r, seg{text: s, italic: true}) }
func (r *rich) link(url string) { *r = append(*r, seg{text: url, link: true}) }

// plain returns the text without markup.
func (r rich) plain() string {
	var b strings.Builder
	for _, s := range r {
		b.WriteString(s.text)
	}
	return b.String()
}

// html returns the text as HTML: italics in <i>, links in <a>, everything
// escaped.
func (r rich) html() string {
	var b strings.Builder
	for _, s := range r {
		t := html.EscapeString(s.text)
		switch {
		case s.link:
			b.WriteString(`<a href="` + t + `">` + t + `</a>`)
		case s.italic && t != "":
			b.WriteString("<i>" + t + "</i>")
		default:
			b.WriteString(t)
		}
	}
	return b.String()
}
