package web

import (
	"bytes"
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/search"
)

// renderer turns a document's markup into HTML. Every text is escaped;
// only the element mapping below produces tags.
type renderer struct {
	volume  string
	terms   map[string]chancery.Term
	persons map[string]chancery.Person
	notes   map[string]chancery.Note
	// links resolves ref targets; nested renders an enclosed document.
	links  *linker
	nested func(id string) *chancery.Document
	depth  int
	// cited counts how often each document of the volume is cited, for
	// the lists of documents in a division's prose.
	cited map[string]int
	// mark holds the words of the search the reader came from, marked in
	// the text; nil marks nothing.
	mark *search.Highlight
	// division tells that a division's prose is rendered, not a document.
	division bool
	// docNumbers are the printed numbers of the volume's documents by id,
	// for the links of a division page.
	docNumbers map[string]string
	// collected holds notes met in a division's prose, which carries them
	// in place: they are shown after it.
	collected []*chancery.Node
}

// notesOf renders notes met in a division's prose, with links back to
// their markers.
func (r *renderer) notesOf(notes []*chancery.Node) template.HTML {
	return notesSection(r.noteItems(notes))
}

// noteItems renders notes met in a division's prose as the items of a
// notes list.
func (r *renderer) noteItems(notes []*chancery.Node) string {
	var b bytes.Buffer
	for _, n := range notes {
		id := n.Attr("id")
		b.WriteString(`<li id="` + html.EscapeString(id) + `"><span class="num"><a href="#ref-` + html.EscapeString(id) + `">`)
		esc(&b, n.Attr("n"))
		b.WriteString("</a></span> ")
		r.children(&b, n)
		b.WriteString("</li>")
	}
	return b.String()
}

// notesSection wraps note items in the notes section of a page.
func notesSection(items string) template.HTML {
	if items == "" {
		return ""
	}
	return template.HTML(`<section class="footnotes"><h2>Notes</h2><ol class="notes">` + items + "</ol></section>")
}

// divisionProse renders a division's prose in order, each run of its
// documents and subdivisions, where they stand between the prose, as a
// list of links with the documents' numbers and dates. It returns the
// prose in chunks, one a top-level node or run of links, each with the
// notes met in it, so that a long division can be shown in parts.
func (r *renderer) divisionProse(v *chancery.Volume, d *chancery.Division, prose *chancery.Node) []proseChunk {
	if prose == nil {
		return nil
	}
	held := map[string]*chancery.Division{}
	for i := range d.Children {
		held[d.Children[i].ID] = &d.Children[i]
	}
	var chunks []proseChunk
	var b bytes.Buffer
	inList := false
	flush := func() {
		if inList {
			b.WriteString("</ul>")
			inList = false
		}
		if b.Len() > 0 {
			chunks = append(chunks, proseChunk{html: template.HTML(b.String()), notes: r.collected})
			r.collected = nil
			b.Reset()
		}
	}
	for _, c := range prose.Children {
		sub := held[c.Attr("id")]
		if (c.Name == "document" || c.Name == "division") && sub != nil {
			if !inList {
				flush()
				b.WriteString(`<ul class="contents">`)
				inList = true
			}
			writeContentsItem(&b, v, sub, r.cited)
			continue
		}
		if c.IsText() && strings.TrimSpace(c.Text) == "" {
			continue
		}
		flush()
		if splittable(c) {
			// A list may be cut between its items: a long one (an index)
			// spans parts.
			chunks = append(chunks, r.listChunks(c)...)
			continue
		}
		r.node(&b, c)
		flush()
	}
	flush()
	return chunks
}

// splittable reports whether a list may be shown in pieces: a plain list,
// not numbered paragraphs or participants.
func splittable(n *chancery.Node) bool {
	return n.Name == "list" && !hasChild(n, "label") && n.Attr("type") != "participants"
}

// listChunks renders a long list as chunks of items, each chunk a list of
// its own of about an eighth of a part.
func (r *renderer) listChunks(n *chancery.Node) []proseChunk {
	open := "<ul"
	if class := n.Attr("type"); class != "" {
		open += ` class="` + html.EscapeString(class) + `"`
	}
	open += ">"
	var chunks []proseChunk
	var b bytes.Buffer
	flush := func() {
		if b.Len() > 0 {
			chunks = append(chunks, proseChunk{html: template.HTML(open + b.String() + "</ul>"), notes: r.collected})
			r.collected = nil
			b.Reset()
		}
	}
	if id := n.Attr("id"); id != "" {
		// The list's own id leads to its beginning.
		b.WriteString(`<li class="list-anchor" id="` + html.EscapeString(id) + `"></li>`)
	}
	for _, c := range n.Children {
		if c.Name == "head" {
			r.wrap(&b, c, "li", "list-head")
		}
	}
	for _, it := range itemNodes(n) {
		r.item(&b, it)
		if b.Len() > partBytes/8 {
			flush()
		}
	}
	flush()
	return chunks
}

// proseChunk is a piece of a division's prose and the notes it carries.
type proseChunk struct {
	html  template.HTML
	notes []*chancery.Node
}

// html renders a node's children.
func (r *renderer) html(n *chancery.Node) template.HTML {
	var b bytes.Buffer
	if n != nil {
		for _, c := range n.Children {
			r.node(&b, c)
		}
	}
	return template.HTML(b.String())
}

func esc(b *bytes.Buffer, s string) { b.WriteString(html.EscapeString(s)) }

// text writes a text of the document, its words that the search the
// reader came from matched marked.
func (r *renderer) text(b *bytes.Buffer, s string) {
	ranges := r.mark.MatchRanges(s)
	at := 0
	for _, m := range ranges {
		esc(b, s[at:m[0]])
		b.WriteString("<mark>")
		esc(b, s[m[0]:m[1]])
		b.WriteString("</mark>")
		at = m[1]
	}
	esc(b, s[at:])
}

func (r *renderer) children(b *bytes.Buffer, n *chancery.Node) {
	for _, c := range n.Children {
		r.node(b, c)
	}
}

// wrap writes n's children inside an element with an optional class.
func (r *renderer) wrap(b *bytes.Buffer, n *chancery.Node, tag, class string) {
	b.WriteString("<" + tag)
	if class != "" {
		b.WriteString(` class="` + class + `"`)
	}
	writeID(b, n)
	b.WriteString(">")
	r.children(b, n)
	b.WriteString("</" + tag + ">")
}

// writeID writes the id attribute of an element that has one, so that
// its address (history.state.gov's d5#figure1) finds it.
func writeID(b *bytes.Buffer, n *chancery.Node) {
	if id := n.Attr("id"); id != "" && n.Name != "pb" {
		b.WriteString(` id="` + html.EscapeString(id) + `"`)
	}
}

var rendClass = map[string]string{
	"center": "center", "right": "right", "flushleft": "flushleft", "blockquote": "blockquote",
}

func (r *renderer) node(b *bytes.Buffer, n *chancery.Node) {
	if n.IsText() {
		r.text(b, n.Text)
		return
	}
	switch n.Name {
	case "p":
		r.wrap(b, n, "p", rendClass[n.Attr("rend")])
	case "hi":
		r.hi(b, n)
	case "lb":
		b.WriteString("<br>")
	case "pb":
		r.pageBreak(b, n)
	case "note":
		r.note(b, n)
	case "list":
		r.list(b, n)
	case "item":
		r.item(b, n)
	case "label":
		r.wrap(b, n, "span", "label")
	case "table":
		b.WriteString(`<div class="table"><table`)
		writeID(b, n)
		b.WriteString(">")
		r.children(b, n)
		b.WriteString("</table></div>")
	case "row":
		b.WriteString("<tr")
		writeID(b, n)
		b.WriteString(">")
		for _, c := range n.Children {
			if c.Name == "cell" {
				r.cell(b, c, n.Attr("role") == "label")
			} else {
				r.node(b, c)
			}
		}
		b.WriteString("</tr>")
	case "cell":
		r.cell(b, n, false)
	case "quote":
		r.wrap(b, n, "blockquote", "")
	case "dateline":
		r.wrap(b, n, "p", "dateline")
	case "closer":
		r.wrap(b, n, "div", "closer")
	case "opener":
		r.wrap(b, n, "div", "opener")
	case "signed":
		r.wrap(b, n, "p", "signed")
	case "salute":
		r.wrap(b, n, "p", "salute")
	case "postscript":
		r.wrap(b, n, "div", "postscript")
	case "attachment":
		r.wrap(b, n, "section", "attachment")
	case "head":
		r.wrap(b, n, "h3", "")
	case "figure":
		b.WriteString(`<figure class="figure"`)
		writeID(b, n)
		b.WriteString(">")
		for _, c := range n.Children {
			switch c.Name {
			case "graphic":
				b.WriteString(`<span class="graphic">[Figure: `)
				esc(b, c.Attr("url"))
				b.WriteString("]</span>")
			case "head":
				r.wrap(b, c, "figcaption", "")
			default:
				r.node(b, c)
			}
		}
		b.WriteString("</figure>")
	case "ref":
		r.ref(b, n)
	case "persName":
		r.person(b, n)
	case "gloss":
		r.gloss(b, n)
	case "choice":
		for _, c := range n.Children {
			if c.Name != "sic" && c.Name != "orig" {
				r.children(b, c)
			}
		}
	case "gap":
		b.WriteString(`<span class="gap" title="text not printed">[…]</span>`)
	case "document":
		if !r.division {
			r.enclosure(b, n.Attr("id"))
		}
		// In a division's prose the placeholder stands for one of its
		// documents, which the division page lists instead.
	case "division":
		// A subdivision placeholder in a division's prose: shown by the
		// table of contents instead.
	case "div", "body":
		r.wrap(b, n, "div", "")
	case "seg":
		if chancery.IsMarginNote(n) {
			r.wrap(b, n, "span", "margin-note")
		} else {
			r.wrap(b, n, "span", "seg")
		}
	case "placeName", "date", "term", "orgName", "name", "foreign", "title", "said", "q", "unclear", "add":
		r.wrap(b, n, "span", n.Name)
	case "del":
		r.wrap(b, n, "del", "")
	case "emph":
		r.wrap(b, n, "em", "")
	default:
		r.wrap(b, n, "span", "x-"+strings.ReplaceAll(n.Name, ":", "-"))
	}
}

func (r *renderer) hi(b *bytes.Buffer, n *chancery.Node) {
	switch n.Attr("rend") {
	case "italic":
		r.wrap(b, n, "i", "")
	case "strong", "bold":
		r.wrap(b, n, "strong", "")
	case "smallcaps":
		r.wrap(b, n, "span", "sc")
	case "superscript":
		r.wrap(b, n, "sup", "")
	case "subscript":
		r.wrap(b, n, "sub", "")
	case "underline":
		r.wrap(b, n, "u", "")
	case "strikethrough":
		r.wrap(b, n, "s", "")
	default:
		r.wrap(b, n, "span", "")
	}
}

func (r *renderer) pageBreak(b *bytes.Buffer, n *chancery.Node) {
	page := n.Attr("n")
	id := n.Attr("id")
	if page == "" {
		if id != "" {
			// An unnumbered page (a plate, a blank): its address still
			// leads here.
			b.WriteString(`<span class="pb-anchor" id="` + html.EscapeString(id) + `"></span>`)
		}
		return
	}
	b.WriteString(`<a class="pb"`)
	if id != "" {
		b.WriteString(` id="` + html.EscapeString(id) + `" href="#` + html.EscapeString(id) + `"`)
	}
	b.WriteString(`>[`)
	esc(b, chancery.PageLabel(page))
	b.WriteString("]</a>")
}

// note renders a footnote marker linking to the note (and back), or an
// inline note in place.
func (r *renderer) note(b *bytes.Buffer, n *chancery.Node) {
	if n.Attr("rend") == "inline" || n.Attr("id") == "" {
		r.wrap(b, n, "span", "inline-note")
		return
	}
	id, num := n.Attr("id"), n.Attr("n")
	if num == "" {
		num = "*"
	}
	if len(n.Children) > 0 {
		// A note carried in place (in a division's prose): show its marker
		// here and its text after the prose.
		r.collected = append(r.collected, n)
	}
	b.WriteString(`<sup class="fn"><a id="ref-` + html.EscapeString(id) + `" href="#` + html.EscapeString(id) + `" aria-label="Note ` + html.EscapeString(num) + `">`)
	esc(b, num)
	b.WriteString("</a></sup>")
}

func (r *renderer) list(b *bytes.Buffer, n *chancery.Node) {
	class := n.Attr("type")
	if hasChild(n, "label") {
		r.labeledList(b, n)
		return
	}
	if label := listLabels[class]; label != "" && !hasChild(n, "head") {
		b.WriteString(`<p class="list-label">` + label + "</p>")
	}
	b.WriteString("<ul")
	if class != "" {
		b.WriteString(` class="` + html.EscapeString(class) + `"`)
	}
	writeID(b, n)
	b.WriteString(">")
	for _, c := range n.Children {
		if c.Name == "head" {
			r.wrap(b, c, "li", "list-head")
		}
	}
	if class == "participants" {
		r.participants(b, n)
	} else {
		for _, it := range itemNodes(n) {
			r.item(b, it)
		}
	}
	b.WriteString("</ul>")
}

// labeledList renders numbered paragraphs, <label>1.</label><item>…</item>
// pairs, one row a pair: the label beside its item, and whatever stands
// between them (a page break, a note) inside the item.
func (r *renderer) labeledList(b *bytes.Buffer, n *chancery.Node) {
	b.WriteString(`<div class="labeled"`)
	writeID(b, n)
	b.WriteString(">")
	var label *chancery.Node
	var pending []*chancery.Node
	row := func(id string, item []*chancery.Node) {
		b.WriteString(`<div class="lrow">`)
		if label != nil {
			r.wrap(b, label, "span", "label")
		} else {
			b.WriteString(`<span class="label"></span>`)
		}
		b.WriteString(`<div class="item"`)
		if id != "" {
			b.WriteString(` id="` + html.EscapeString(id) + `"`)
		}
		b.WriteString(">")
		for _, c := range item {
			r.node(b, c)
		}
		b.WriteString("</div></div>")
		label, pending = nil, nil
	}
	for _, c := range n.Children {
		switch {
		case c.Name == "head":
			r.wrap(b, c, "p", "list-head")
		case c.Name == "label":
			if label != nil {
				row("", pending)
			}
			label = c
		case c.Name == "item":
			row(c.Attr("id"), append(pending, c.Children...))
		case c.IsText() && strings.TrimSpace(c.Text) == "":
		default:
			pending = append(pending, c)
		}
	}
	if label != nil || len(pending) > 0 {
		row("", pending)
	}
	b.WriteString("</div>")
}

// participants renders the people of a participants list grouped by
// side: a side is an item holding a nested list of people, or, in the
// flat lists real volumes write, an italic-only item ("US", "USSR")
// followed by the items of its people.
func (r *renderer) participants(b *bytes.Buffer, n *chancery.Node) {
	open := false
	for _, it := range itemNodes(n) {
		switch {
		case chancery.IsSideItem(it):
			if open {
				b.WriteString("</ul></li>")
			}
			b.WriteString(`<li class="side-group"><span class="side-label">`)
			r.children(b, it)
			b.WriteString(`</span><ul class="people">`)
			open = true
		default:
			r.wrap(b, it, "li", "")
		}
	}
	if open {
		b.WriteString("</ul></li>")
	}
}

// itemNodes returns the items of a list, each with the nodes that stand
// before it (a page break, a note anchor) moved into it, so that they do
// not stand between items.
func itemNodes(n *chancery.Node) []*chancery.Node {
	var items, pending []*chancery.Node
	for _, c := range n.Children {
		switch {
		case c.Name == "head":
		case c.Name == "item":
			items = append(items, &chancery.Node{Name: "item", Attrs: c.Attrs, Children: append(pending, c.Children...)})
			pending = nil
		case c.IsText() && strings.TrimSpace(c.Text) == "":
		default:
			pending = append(pending, c)
		}
	}
	if len(pending) > 0 {
		items = append(items, &chancery.Node{Name: "item", Children: pending})
	}
	return items
}

// item renders a list item; an entry of the volume's list of persons
// ends with links to the documents that mention the person.
func (r *renderer) item(b *bytes.Buffer, n *chancery.Node) {
	if !r.division || len(r.docNumbers) == 0 {
		r.wrap(b, n, "li", "")
		return
	}
	var entry string
	n.Walk(func(c *chancery.Node) bool {
		if entry == "" && c.Name == "persName" && c.Attr("id") != "" {
			entry = c.Attr("id")
		}
		return entry == "" && c.Name != "list"
	})
	p, ok := r.persons[entry]
	if !ok || len(p.Documents) == 0 {
		r.wrap(b, n, "li", "")
		return
	}
	b.WriteString("<li")
	if id := n.Attr("id"); id != "" {
		b.WriteString(` id="` + html.EscapeString(id) + `"`)
	}
	b.WriteString(">")
	r.children(b, n)
	b.WriteString(` <span class="person-docs">Documents: `)
	for i, doc := range p.Documents {
		if i > 0 {
			b.WriteString(", ")
		}
		label := r.docNumbers[doc]
		if label == "" {
			label = doc
		}
		b.WriteString(`<a href="` + html.EscapeString(url.PathEscape(doc)) + `">` + html.EscapeString(label) + "</a>")
	}
	b.WriteString("</span></li>")
}

func (r *renderer) cell(b *bytes.Buffer, n *chancery.Node, header bool) {
	tag := "td"
	if header || n.Attr("role") == "label" {
		tag = "th"
	}
	b.WriteString("<" + tag)
	writeID(b, n)
	if c, err := strconv.Atoi(n.Attr("cols")); err == nil && c > 1 && c < 100 {
		b.WriteString(` colspan="` + strconv.Itoa(c) + `"`)
	}
	if c, err := strconv.Atoi(n.Attr("rows")); err == nil && c > 1 && c < 1000 {
		b.WriteString(` rowspan="` + strconv.Itoa(c) + `"`)
	}
	b.WriteString(">")
	r.children(b, n)
	b.WriteString("</" + tag + ">")
}

func (r *renderer) ref(b *bytes.Buffer, n *chancery.Node) {
	href, ok := r.links.resolve(r.volume, n.Attr("target"))
	if !ok {
		r.wrap(b, n, "span", "ref-broken")
		return
	}
	b.WriteString(`<a`)
	writeID(b, n)
	b.WriteString(` href="` + html.EscapeString(href) + `"`)
	switch n.Attr(foundAttr) {
	case "words":
		title := "A citation in plain words: the link is Chancery’s"
		if a := n.Attr(assumedAttr); a != "" {
			title += " (" + a + ")"
		}
		b.WriteString(` class="found" title="` + html.EscapeString(title) + `"`)
	case "corrected":
		b.WriteString(` class="found" title="The link follows the words (Chancery’s reading), not the volume’s markup"`)
	}
	b.WriteString(">")
	r.children(b, n)
	b.WriteString("</a>")
}

// person links a persName to the volume's list of persons, with the
// entry as its title.
func (r *renderer) person(b *bytes.Buffer, n *chancery.Node) {
	id := strings.TrimPrefix(n.Attr("corresp"), "#")
	p, ok := r.persons[id]
	r.listLink(b, n, ok, "person", "persons", id, p.Name, p.Description)
}

// gloss links a gloss to the volume's list of terms, with the expansion
// as its title.
func (r *renderer) gloss(b *bytes.Buffer, n *chancery.Node) {
	id := strings.TrimPrefix(n.Attr("target"), "#")
	t, ok := r.terms[id]
	r.listLink(b, n, ok, "term", "terms", id, t.Term, t.Expansion)
}

// listLink writes n as a link to entry id of one of the volume's lists
// (persons, terms), or as plain text when the list has no such entry. The
// entry's name and description are its title, for a tooltip, and its
// data-name and data-desc, for the reader's popover.
func (r *renderer) listLink(b *bytes.Buffer, n *chancery.Node, found bool, class, list, id, name, desc string) {
	if !found {
		r.wrap(b, n, "span", class)
		return
	}
	title := name
	if desc != "" {
		title += ", " + desc
	}
	b.WriteString(`<a class="` + class + `" href="/historicaldocuments/` + url.PathEscape(r.volume) + "/" + list + "#" + html.EscapeString(id) + `" title="`)
	esc(b, title)
	b.WriteString(`" data-name="`)
	esc(b, name)
	b.WriteString(`" data-desc="`)
	esc(b, desc)
	b.WriteString(`">`)
	r.children(b, n)
	b.WriteString("</a>")
}

// enclosure renders a nested document in place.
func (r *renderer) enclosure(b *bytes.Buffer, id string) {
	var d *chancery.Document
	if r.nested != nil && r.depth < 4 {
		d = r.nested(id)
	}
	if d == nil {
		b.WriteString(`<p class="enclosure-missing">[Enclosure `)
		esc(b, id)
		b.WriteString("]</p>")
		return
	}
	r.depth++
	defer func() { r.depth-- }()
	b.WriteString(`<section class="enclosure" id="` + html.EscapeString(id) + `"><h3>`)
	if d.Head != nil {
		b.WriteString(string(r.html(d.Head)))
	} else {
		esc(b, d.Title)
	}
	b.WriteString("</h3>")
	saved := r.notes
	r.notes = noteIndex(d)
	b.WriteString(string(r.openingPages(d)))
	b.WriteString(string(r.sourceLine(d)))
	b.WriteString(string(r.html(d.Body)))
	b.WriteString(string(r.notesHTML(d)))
	r.notes = saved
	b.WriteString("</section>")
}

// openingPages renders the markers of the pages a document begins on
// whose page breaks stand before it, between divisions.
func (r *renderer) openingPages(d *chancery.Document) template.HTML {
	var b bytes.Buffer
	for _, p := range d.OpeningPages {
		r.pageBreak(&b, &chancery.Node{Name: "pb", Attrs: []chancery.Attr{{Name: "id", Value: p.ID}, {Name: "n", Value: p.N}}})
	}
	if b.Len() == 0 {
		return ""
	}
	return template.HTML(`<p class="opening-pages">` + b.String() + "</p>")
}

// sourceLine renders a source note printed in place (a file number above
// the head), or nothing.
func (r *renderer) sourceLine(d *chancery.Document) template.HTML {
	src := d.SourceLine()
	if src == nil {
		return ""
	}
	return `<p class="source-line">` + r.html(src.Content) + "</p>"
}

func noteIndex(d *chancery.Document) map[string]chancery.Note {
	m := map[string]chancery.Note{}
	for _, n := range d.Notes {
		m[n.ID] = n
	}
	return m
}

// notesHTML renders a document's footnotes with links back to their
// markers.
func (r *renderer) notesHTML(d *chancery.Document) template.HTML {
	var b bytes.Buffer
	notes := d.Notes
	if d.SourceNote != nil && d.SourceLine() == nil {
		notes = append([]chancery.Note{*d.SourceNote}, notes...)
	}
	if len(notes) == 0 {
		return ""
	}
	b.WriteString(`<ol class="notes">`)
	for _, n := range notes {
		num := n.N
		b.WriteString(`<li id="` + html.EscapeString(n.ID) + `"`)
		if n.Type == "source" {
			b.WriteString(` class="source"`)
		}
		b.WriteString(`><span class="num">`)
		if num != "" {
			if n.ID != "" {
				b.WriteString(`<a href="#ref-` + html.EscapeString(n.ID) + `" aria-label="Back to the text">`)
				esc(&b, num)
				b.WriteString("</a>")
			} else {
				esc(&b, num)
			}
		}
		b.WriteString(`</span> `)
		b.WriteString(string(r.html(n.Content)))
		b.WriteString("</li>")
	}
	b.WriteString("</ol>")
	return template.HTML(b.String())
}

// listLabels name the lists of a memorandum of conversation that carry no
// head of their own.
var listLabels = map[string]string{"subject": "Subject", "participants": "Participants"}

func hasChild(n *chancery.Node, name string) bool {
	for _, c := range n.Children {
		if c.Name == name {
			return true
		}
	}
	return false
}
