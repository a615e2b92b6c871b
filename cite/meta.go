package cite

import (
	"html"

	"github.com/chancery-frus/chancery"
)

// MetaTag is a <meta name content> pair of a page's head.
type MetaTag struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

// HTML returns the tag as HTML, escaped: <meta name="…" content="…">.
func (m MetaTag) HTML() string {
	return `<meta name="` + html.EscapeString(m.Name) + `" content="` + html.EscapeString(m.Content) + `">`
}

// Meta returns the Google Scholar (Highwire) citation_* meta tags that let
// Google Scholar and Zotero read the page of d, or of the volume when d is
// nil, in this order:
//
//   - citation_title: the document's title, or the volume's;
//   - citation_inbook_title: the volume's title (documents), or
//     citation_book_title: the volume's title (volumes);
//   - citation_editor: one per cited editor, "Charles S. Sampson";
//   - citation_publisher, citation_publication_date (the year);
//   - citation_date: the document's date, "1962/10/18" (or "1866/07",
//     "1866" at a coarser precision), if it has one;
//   - citation_firstpage, citation_lastpage: the citable printed pages;
//   - citation_public_url: url, if not empty;
//   - citation_isbn: the ISBN-13, else the ISBN-10, if known.
//
// Tags without content are left out.
func Meta(v *chancery.Volume, d *chancery.Document, url string) []MetaTag {
	if v == nil {
		return nil
	}
	w := newWork(v, d)
	var tags []MetaTag
	add := func(name, content string) {
		if content != "" {
			tags = append(tags, MetaTag{name, content})
		}
	}
	if d != nil {
		add("citation_title", w.title)
		add("citation_inbook_title", w.fullTitle())
	} else {
		add("citation_title", w.fullTitle())
		add("citation_book_title", w.fullTitle())
	}
	for _, e := range w.editors {
		add("citation_editor", e)
	}
	add("citation_publisher", w.publisher)
	add("citation_publication_date", w.year)
	if w.date != nil {
		add("citation_date", w.date.slashed())
	}
	if d != nil {
		add("citation_firstpage", w.first)
		add("citation_lastpage", w.last)
	}
	add("citation_public_url", url)
	add("citation_isbn", w.isbn)
	return tags
}
