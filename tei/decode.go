package tei

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/chancery-frus/chancery"
)

// Version identifies what the decoder extracts. It changes whenever a
// volume decoded again would be stored differently, so that ingest
// replaces volumes stored by an older decoder.
const Version = "6"

// Decode reads one FRUS volume from the bytes of its TEI file. file names
// the source in errors and warnings. A volume that cannot be read faithfully
// (malformed XML, invalid UTF-8, no TEI root, no volume id, duplicate
// document or division ids, a DTD's declarations, a file over one of the
// decoder's limits) gives an *Error; lesser problems become warnings in the
// result.
func Decode(data []byte, file string) (*chancery.VolumeData, error) {
	return DecodeContext(context.Background(), data, file, Limits{})
}

// DecodeContext is Decode under the given limits (zero fields are the
// defaults), stopping with an error wrapping the context's cause when ctx
// is done.
func DecodeContext(ctx context.Context, data []byte, file string, lim Limits) (*chancery.VolumeData, error) {
	v, _, err := decode(ctx, data, file, lim)
	return v, err
}

// decode is DecodeContext, also returning the decoder for tests.
func decode(ctx context.Context, data []byte, file string, lim Limits) (*chancery.VolumeData, *decoder, error) {
	lim = lim.withDefaults()
	root, ids, err := parse(ctx, data, file, lim)
	if err != nil {
		return nil, nil, err
	}
	if root.Name != "TEI" || ids.rootSpace == "" {
		if root.Name == "TEI" {
			return nil, nil, &Error{File: file, Line: root.Line, Msg: fmt.Sprintf("<TEI> is not in the TEI namespace: add xmlns=%q", nsTEI)}
		}
		return nil, nil, &Error{File: file, Line: root.Line, Msg: fmt.Sprintf("not a TEI document: the root element is <%s>, want <TEI> in namespace %s", root.Name, nsTEI)}
	}
	for _, dup := range ids.dups {
		if dup.elem.Name == "div" {
			return nil, nil, &Error{File: file, Line: dup.line, Msg: fmt.Sprintf("duplicate xml:id %q on a <div> (first used on line %d): documents and divisions need unique ids", dup.id, dup.first)}
		}
	}
	d := &decoder{
		ctx:     ctx,
		file:    file,
		vol:     &chancery.Volume{},
		ids:     ids,
		pending: -1,
		unknown: map[string]*unknownCount{},
		budget:  max(lim.TextFactor*len(data), minDrawnBudget),
		factor:  lim.TextFactor,
	}
	if err := d.volume(root); err != nil {
		return nil, nil, err
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	return &chancery.VolumeData{Volume: d.vol, Documents: d.docs, Warnings: d.warnings}, d, nil
}

type unknownCount struct {
	n, line int
}

type decoder struct {
	ctx      context.Context
	file     string
	vol      *chancery.Volume
	docs     []*chancery.Document
	warnings []chancery.Warning
	ids      *idIndex
	page     string // printed number of the current page
	pending  int    // index in vol.Pages of a page begun outside any document, or -1
	opening  []int  // indexes in vol.Pages of pages begun between divisions since the last document
	unknown  map[string]*unknownCount
	// drawn counts the bytes of text copied out of the markup into fields
	// (titles, notes, mentions, descriptions, page lists), which may not
	// pass budget, factor times the file's size; err is set when it does.
	drawn, budget, factor int
	err                   error
}

// spend counts n bytes drawn out of the markup at line, and reports
// whether they are within the budget.
func (d *decoder) spend(n, line int) bool {
	if d.err != nil {
		return false
	}
	d.drawn += n
	if d.drawn > d.budget {
		d.err = &Error{File: d.file, Line: line, Msg: fmt.Sprintf(
			"the markup repeats its text too often: the text drawn out of it for titles, notes, mentions and references passes %d times the file's size (elements nested in elements of their own kind, such as <persName> in <persName>, each copy all the text below them)", d.factor)}
		return false
	}
	return true
}

// plain returns the plain text of n for a field, or "" once the budget of
// drawn-out text is spent.
func (d *decoder) plain(n *chancery.Node) string {
	if n == nil || d.err != nil {
		return ""
	}
	s := n.PlainText()
	if !d.spend(len(s), n.Line) {
		return ""
	}
	return s
}

// title is plain for a head read as a title (chancery.Node.TitleText).
func (d *decoder) title(n *chancery.Node) string {
	if n == nil || d.err != nil {
		return ""
	}
	s := n.TitleText()
	if !d.spend(len(s), n.Line) {
		return ""
	}
	return s
}

// plainOf is plain for a run of sibling nodes.
func (d *decoder) plainOf(nodes []*chancery.Node) string {
	if len(nodes) == 0 {
		return ""
	}
	return d.plain(&chancery.Node{Name: "span", Children: nodes, Line: nodes[0].Line})
}

func (d *decoder) warn(line int, kind, doc, format string, args ...any) {
	d.warnings = append(d.warnings, chancery.Warning{
		File: d.file, Line: line, Kind: kind, Document: doc, Message: fmt.Sprintf(format, args...),
	})
}

func child(n *chancery.Node, name string) *chancery.Node {
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (d *decoder) volume(root *chancery.Node) error {
	v := d.vol
	v.ID = root.Attr("id")
	if h := child(root, "teiHeader"); h != nil {
		d.header(h)
	}
	if v.ID == "" {
		for _, id := range v.Idnos {
			if id.Type == "frus" {
				v.ID = id.Value
				d.warn(root.Line, chancery.WarnMissingID, "", "TEI has no xml:id; using idno type=\"frus\" %q", v.ID)
			}
		}
	}
	if v.ID == "" {
		return &Error{File: d.file, Line: root.Line, Msg: "no volume id: <TEI> has no xml:id and the header no <idno type=\"frus\">"}
	}
	for _, id := range v.Idnos {
		if id.Type == "frus" && id.Value != v.ID {
			d.warn(root.Line, chancery.WarnDuplicateID, "", "idno type=\"frus\" %q differs from TEI/@xml:id %q; using the xml:id", id.Value, v.ID)
		}
	}
	text := child(root, "text")
	if text == nil {
		return &Error{File: d.file, Line: root.Line, Msg: "no <text> element: the volume has no content"}
	}
	seen := map[string]bool{}
	for _, c := range text.Children {
		switch c.Name {
		case chancery.PartFront, chancery.PartBody, chancery.PartBack:
			if !seen[c.Name] {
				seen[c.Name] = true
				v.Structure = append(v.Structure, d.divisions(c, c.Name, "")...)
			}
		case "pb":
			// A page break between the parts: the page begins with what
			// follows.
			d.pageBetween(c)
		}
	}
	for _, dup := range d.ids.dups {
		d.warn(dup.line, chancery.WarnDuplicateID, "", "<%s> repeats xml:id %q (first used on line %d)", dup.elem.Name, dup.id, dup.first)
	}
	d.lists(text)
	d.anchors(text)
	names := make([]string, 0, len(d.unknown))
	for name := range d.unknown {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		u := d.unknown[name]
		d.warn(u.line, chancery.WarnUnknownElement, "", "<%s> is not a known FRUS element (%d times, first here); its content is kept", name, u.n)
	}
	d.personDocuments()
	v.DocumentCount = len(d.docs)
	for _, doc := range d.docs {
		doc.Volume = v.ID
		v.NoteCount += len(doc.Notes)
	}
	return nil
}

func (d *decoder) header(h *chancery.Node) {
	v := d.vol
	fd := child(h, "fileDesc")
	if fd == nil {
		return
	}
	if ts := child(fd, "titleStmt"); ts != nil {
		for _, c := range ts.Children {
			switch c.Name {
			case "title":
				t := d.plain(c)
				switch c.Attr("type") {
				case "complete":
					v.Titles.Complete = t
				case "series":
					v.Titles.Series = t
				case "subseries", "sub-series":
					v.Titles.Subseries = t
				case "volumenumber", "volume-number":
					v.Titles.VolumeNumber = t
				case "volume":
					v.Titles.Volume = t
				default:
					if v.Titles.Complete == "" {
						v.Titles.Complete = t
					}
				}
			case "editor":
				if name := d.plain(c); name != "" {
					v.Editors = append(v.Editors, chancery.Editor{Name: name, Role: c.Attr("role")})
				}
			}
		}
	}
	if ps := child(fd, "publicationStmt"); ps != nil {
		for _, c := range ps.Children {
			switch c.Name {
			case "publisher":
				v.Publisher = d.plain(c)
			case "pubPlace":
				v.PubPlace = d.plain(c)
			case "date":
				v.PubDate = d.plain(c)
			case "idno":
				val := d.plain(c)
				if val == "" {
					continue
				}
				id := chancery.Idno{Type: c.Attr("type"), Value: val}
				v.Idnos = append(v.Idnos, id)
				if strings.HasPrefix(id.Type, "isbn") {
					v.ISBNs = append(v.ISBNs, id)
				}
			}
		}
	}
}

// divisions reads the divisions that are children of n, in a part of the
// volume, below the division with id parent.
func (d *decoder) divisions(n *chancery.Node, part, parent string) []chancery.Division {
	var out []chancery.Division
	for _, c := range n.Children {
		switch {
		case c.Name == "pb":
			d.pageBetween(c)
		case c.Name == "div" && c.Attr("type") == "document":
			doc := d.document(c, parent, nil, 0)
			out = append(out, chancery.Division{
				ID: doc.ID, Type: "document", Subtype: doc.Subtype, N: doc.N, Part: part, Head: doc.Title, Date: doc.Date,
			})
		case c.Name == "div":
			out = append(out, d.division(c, part))
		case c.IsText():
			// Text between divisions of a part: rare, kept as a section.
			if strings.TrimSpace(c.Text) != "" {
				out = append(out, chancery.Division{ID: fmt.Sprintf("%s-text%d", part, len(out)+1), Type: "text", Part: part, Content: &chancery.Node{Name: "div", Children: []*chancery.Node{c}}})
			}
		default:
			// A titlePage or other non-division content: kept as a division
			// of its own, named after the element.
			id := c.Attr("id")
			if id == "" {
				id = part + "-" + c.Name
				if c.Attr("type") != "" {
					id += "-" + c.Attr("type")
				}
			}
			if c.Attr("id") == "" {
				id = d.ids.unique(id, c.Line)
			}
			b := &docBuilder{d: d}
			out = append(out, chancery.Division{ID: id, Type: c.Name, Part: part, Content: b.convert(c, "body")})
		}
	}
	return out
}

func (d *decoder) division(n *chancery.Node, part string) chancery.Division {
	div := chancery.Division{
		ID: n.Attr("id"), Type: n.Attr("type"), Subtype: n.Attr("subtype"), N: n.Attr("n"), Part: part,
	}
	if div.Type == "" {
		div.Type = "div"
	}
	if div.ID == "" {
		div.ID = d.ids.unique(div.Type, n.Line)
		d.warn(n.Line, chancery.WarnMissingID, "", "<div type=%q> has no xml:id; addressed as %q", div.Type, div.ID)
	}
	content := &chancery.Node{Name: "div"}
	b := &docBuilder{d: d}
	var pending []*chancery.Node // content children seen since the last division
	prose := false               // whether prose other than the head has begun
	flush := func() {
		content.Children = append(content.Children, pending...)
		pending = nil
	}
	for _, c := range n.Children {
		switch {
		case c.Name == "head" && div.Head == "" && len(div.Children) == 0:
			div.Head = d.title(c)
			content.Children = append(content.Children, b.convert(c, "head"))
		case c.Name == "div":
			flush()
			if c.Attr("type") == "document" {
				doc := d.document(c, div.ID, nil, 0)
				div.Children = append(div.Children, chancery.Division{
					ID: doc.ID, Type: "document", Subtype: doc.Subtype, N: doc.N, Part: part, Head: doc.Title, Date: doc.Date,
				})
				content.Children = append(content.Children, &chancery.Node{Name: "document", Attrs: []chancery.Attr{{Name: "id", Value: doc.ID}}})
			} else {
				sub := d.division(c, part)
				div.Children = append(div.Children, sub)
				content.Children = append(content.Children, &chancery.Node{Name: "division", Attrs: []chancery.Attr{{Name: "id", Value: sub.ID}}})
			}
		case c.Name == "pb" && (len(div.Children) > 0 || !prose):
			// A page break between subdivisions, or before any prose,
			// belongs to the flow: it opens what follows.
			d.pageBetween(c)
		default:
			if !c.IsText() || strings.TrimSpace(c.Text) != "" {
				prose = true
				// Pages begun between divisions open this prose, not the
				// next document: their markers begin it.
				for _, i := range d.opening {
					p := d.vol.Pages[i]
					pending = append(pending, &chancery.Node{Name: "pb", Attrs: []chancery.Attr{{Name: "facs", Value: p.Facs}, {Name: "id", Value: p.ID}, {Name: "n", Value: p.N}}})
				}
				d.opening = nil
			}
			if k := b.convert(c, "body"); k != nil {
				pending = append(pending, k)
			}
		}
	}
	flush()
	if hasProse(content) {
		div.Content = content
	}
	return div
}

// hasProse reports whether a division's content holds more than its head
// and placeholders for subdivisions.
func hasProse(n *chancery.Node) bool {
	for _, c := range n.Children {
		switch c.Name {
		case "head", "document", "division", "pb":
			continue
		case "":
			if strings.TrimSpace(c.Text) == "" {
				continue
			}
		}
		return true
	}
	return false
}

// pageBetween records a page break that stands between divisions: the
// page begins with the next document, which opens with it.
func (d *decoder) pageBetween(n *chancery.Node) {
	d.pageBreak(n, nil)
	if n.Attr("id") != "" {
		d.opening = append(d.opening, len(d.vol.Pages)-1)
	}
}

func (d *decoder) pageBreak(n *chancery.Node, doc *chancery.Document) {
	p := chancery.Page{N: n.Attr("n"), ID: n.Attr("id"), Facs: n.Attr("facs")}
	if doc != nil {
		p.Document = doc.ID
		d.pending = -1
	} else {
		d.pending = len(d.vol.Pages)
	}
	d.vol.Pages = append(d.vol.Pages, p)
	if p.N != "" {
		d.page = p.N
	}
}

// lists reads the volume's lists of persons and terms: persName and term
// elements with an xml:id, described by the rest of their list item up to
// the next such entry.
func (d *decoder) lists(text *chancery.Node) {
	// walk reads the entries among n's children; n is parent's child at.
	var walk func(n, parent *chancery.Node, at int)
	walk = func(n, parent *chancery.Node, at int) {
		// The description after a highlighted entry, <item><hi
		// rend="strong"><persName …/></hi>, description</item>, is read once
		// for all the entries of the hi.
		var after *string
		for i, c := range n.Children {
			if !isEntry(c) {
				walk(c, n, i)
				continue
			}
			var desc string
			if n.Name == "hi" && parent != nil {
				if after == nil {
					s := d.description(parent.Children[at+1:])
					after = &s
				}
				desc = *after
			} else {
				desc = d.description(n.Children[i+1:])
			}
			id, name := c.Attr("id"), d.plain(c)
			if c.Name == "persName" {
				d.vol.Persons = append(d.vol.Persons, chancery.Person{ID: id, Name: name, Description: desc})
			} else {
				d.vol.Terms = append(d.vol.Terms, chancery.Term{ID: id, Term: name, Expansion: desc})
			}
		}
	}
	walk(text, nil, 0)
}

// isEntry reports whether n is an entry of a list of persons or terms.
func isEntry(n *chancery.Node) bool {
	return (n.Name == "persName" || n.Name == "term") && n.Attr("id") != ""
}

// description reads the description of a persons or terms entry from the
// nodes that follow it, up to the next entry (or highlight holding one).
func (d *decoder) description(after []*chancery.Node) string {
	for i, c := range after {
		stop := isEntry(c)
		if c.Name == "hi" {
			for _, g := range c.Children {
				stop = stop || isEntry(g)
			}
		}
		if stop {
			after = after[:i]
			break
		}
	}
	return strings.TrimSpace(strings.TrimLeft(d.plainOf(after), ",:;— "))
}

// document reads one div type="document" below the division with id
// division; parent is the enclosing document of a nested one.
func (d *decoder) document(n *chancery.Node, division string, parent *chancery.Document, enclosure int) *chancery.Document {
	doc := &chancery.Document{
		ID:          n.Attr("id"),
		N:           n.Attr("n"),
		Subtype:     n.Attr("subtype"),
		Division:    division,
		DateTimeMin: n.Attr("doc-dateTime-min"),
		DateTimeMax: n.Attr("doc-dateTime-max"),
		Ordinal:     len(d.docs) + 1,
	}
	if parent != nil {
		doc.Parent = parent.ID
	}
	if doc.ID == "" {
		if parent != nil {
			doc.ID = d.ids.unique(fmt.Sprintf("%s-enc%d", parent.ID, enclosure), n.Line)
		} else {
			doc.ID = d.ids.unique(fmt.Sprintf("doc%d", doc.Ordinal), n.Line)
		}
		d.warn(n.Line, chancery.WarnMissingID, doc.ID, "document has no xml:id; addressed as %q", doc.ID)
	}
	d.docs = append(d.docs, doc)
	if d.err == nil && d.ctx.Err() != nil {
		d.err = fmt.Errorf("%s: decoding stopped: %w", PrintableName(d.file), context.Cause(d.ctx))
	}
	if d.pending >= 0 {
		d.vol.Pages[d.pending].Document = doc.ID
		d.pending = -1
	}
	for _, i := range d.opening {
		d.vol.Pages[i].Document = doc.ID
		doc.OpeningPages = append(doc.OpeningPages, d.vol.Pages[i])
	}
	d.opening = nil
	if d.page != "" {
		doc.Pages = []string{d.page}
	}
	b := &docBuilder{d: d, doc: doc}
	body := &chancery.Node{Name: "body", Line: n.Line}
	for _, c := range n.Children {
		if c.Name == "head" && doc.Head == nil {
			b.anchor = "head"
			doc.Head = b.convertChildren(c, "head")
			// Modern volumes write the number into the head ("257. Memorandum
			// for the Record"); the title leaves it to the number field.
			doc.Title = strings.TrimPrefix(d.title(doc.Head), doc.N+". ")
			continue
		}
		if k := b.convert(c, "body"); k != nil {
			body.Children = append(body.Children, k)
		}
	}
	dropBlankText(body)
	doc.Body = body
	if b.bare && len(doc.Pages) > 1 {
		doc.Pages = doc.Pages[:len(doc.Pages)-1] // its last page break begins the next document's page
	}
	if doc.Title == "" {
		switch {
		case parent != nil:
			doc.Title = fmt.Sprintf("Enclosure %d to %s", enclosure, docLabel(parent))
		case doc.N != "":
			doc.Title = "Document " + doc.N
		default:
			doc.Title = "Untitled document"
		}
		d.warn(n.Line, chancery.WarnNoTitle, doc.ID, "document has no <head>; titled %q", doc.Title)
	}
	if len(b.unknown) > 0 {
		doc.Unknown = b.unknown
	}
	d.date(doc, b.dateline, n.Line)
	doc.Type = docType(doc)
	return doc
}

// date sets the document's normalised interval from, in order of
// preference, the frus:doc-dateTime-min/max attributes, the dateline's
// date attributes, and the dateline's words.
func (d *decoder) date(doc *chancery.Document, dl *chancery.Node, line int) {
	if iv, err := boundsInterval(doc.DateTimeMin, doc.DateTimeMax); err != nil {
		d.warn(line, chancery.WarnImpossibleDate, doc.ID, "frus:doc-dateTime-min/max %q–%q: %v", doc.DateTimeMin, doc.DateTimeMax, err)
	} else if iv != nil {
		iv.Source = chancery.DateFromAttributes
		doc.Date = iv
		return
	}
	if doc.Dateline == nil {
		return
	}
	dlLine := line
	if dl != nil {
		dlLine = dl.Line
	}
	t := doc.Dateline
	minS, maxS := first(t.From, t.NotBefore, t.When), first(t.To, t.NotAfter, t.When)
	if iv, err := boundsInterval(minS, maxS); err != nil {
		bounds := minS
		if maxS != minS {
			bounds = minS + "–" + maxS
		}
		d.warn(dlLine, chancery.WarnImpossibleDate, doc.ID, "dateline date %q: %v", bounds, err)
	} else if iv != nil {
		iv.Source = chancery.DateFromDateline
		doc.Date = iv
		return
	}
	text := t.DateText
	if text == "" {
		text = t.Text
	}
	lo, hi, ok, err := parseDateText(text)
	switch {
	case err != nil:
		d.warn(dlLine, chancery.WarnImpossibleDate, doc.ID, "dateline %q: %v", text, err)
	case !ok:
		if t.DateText != "" || t.When != "" {
			d.warn(dlLine, chancery.WarnUnparsedDate, doc.ID, "no date found in dateline %q", t.Text)
		}
	default:
		if err := plausible(lo, hi); err != nil {
			d.warn(dlLine, chancery.WarnImpossibleDate, doc.ID, "dateline %q: %v", text, err)
			return
		}
		doc.Date = &chancery.Interval{Min: lo, Max: hi, Source: chancery.DateFromText}
	}
}

// boundsInterval reads an interval from W3C lower and upper bounds, either
// of which may stand for both. It returns nil and no error when both are
// empty.
func boundsInterval(minS, maxS string) (*chancery.Interval, error) {
	if minS == "" && maxS == "" {
		return nil, nil
	}
	if minS == "" {
		minS = maxS
	}
	if maxS == "" {
		maxS = minS
	}
	lo, _, err := ParseW3C(minS)
	if err != nil {
		return nil, err
	}
	_, hi, err := ParseW3C(maxS)
	if err != nil {
		return nil, err
	}
	if err := plausible(lo, hi); err != nil {
		return nil, err
	}
	return &chancery.Interval{Min: lo, Max: hi}, nil
}

func first(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// containers are elements whose white-space-only text children are layout,
// not content.
var containers = map[string]bool{
	"body": true, "div": true, "list": true, "table": true, "row": true, "attachment": true,
	"figure": true, "opener": true, "closer": true, "postscript": true, "quote": true,
	"titlePage": true, "docTitle": true, "note": true, "choice": true,
}

func dropBlankText(n *chancery.Node) {
	if !containers[n.Name] {
		return
	}
	out := n.Children[:0]
	for _, c := range n.Children {
		if c.IsText() && strings.TrimSpace(c.Text) == "" {
			continue
		}
		out = append(out, c)
	}
	n.Children = out
}

// known lists the elements Chancery renders with their own meaning.
// Anything else is kept with its content and counted.
var known = map[string]bool{
	"p": true, "hi": true, "ref": true, "item": true, "list": true, "label": true, "persName": true,
	"note": true, "table": true, "row": true, "cell": true, "pb": true, "lb": true, "head": true,
	"div": true, "closer": true, "signed": true, "date": true, "dateline": true, "placeName": true,
	"gloss": true, "seg": true, "quote": true, "attachment": true, "postscript": true, "opener": true,
	"salute": true, "figure": true, "graphic": true, "titlePage": true, "docTitle": true,
	"titlePart": true, "docImprint": true, "byline": true, "docDate": true, "publisher": true,
	"pubPlace": true, "gap": true, "unclear": true, "del": true, "add": true, "choice": true,
	"sic": true, "corr": true, "orig": true, "reg": true, "abbr": true, "expan": true, "term": true,
	"orgName": true, "name": true, "foreign": true, "emph": true, "q": true, "said": true,
	"address": true, "addrLine": true, "trailer": true, "milestone": true, "anchor": true,
	"space": true, "time": true, "num": true, "title": true, "idno": true, "lg": true, "l": true,
	"cit": true, "bibl": true, "listBibl": true, "epigraph": true, "argument": true, "caption": true,
	"document": true, "division": true, "span": true,
}

// docBuilder turns the markup of one document (or of a non-document
// division's prose, with doc nil) into the body tree, collecting notes,
// pages, mentions, refs and the rest on the way.
type docBuilder struct {
	d        *decoder
	doc      *chancery.Document
	anchor   string // where note markers currently stand
	note     string // id of the note being read, if any
	dateline *chancery.Node
	started  bool // whether the document has shown any text yet
	// bare is set when a page break has begun a page of the document and
	// no text has followed it yet: a page break that ends the document
	// begins the next one's page, not a page of this one.
	bare     bool
	unknown  map[string]int
	inAttach int
	// enclosures counts the documents nested in this one so far.
	enclosures int
}

// docLabel names a document for a reader: "Document 12", or its title.
func docLabel(d *chancery.Document) string {
	if d.N != "" {
		return "Document " + d.N
	}
	return d.Title
}

// convertChildren converts the children of n into a new element named like
// n, which is returned.
func (b *docBuilder) convertChildren(n *chancery.Node, anchor string) *chancery.Node {
	saved := b.anchor
	b.anchor = anchor
	kids := n.Children[:0]
	for _, c := range n.Children {
		if k := b.convert(c, anchor); k != nil {
			kids = append(kids, k)
		}
	}
	n.Children = kids
	dropBlankText(n)
	b.anchor = saved
	return n
}

// convert transforms n in place and returns what stands for it in the tree,
// or nil when it leaves the tree (a source note).
func (b *docBuilder) convert(n *chancery.Node, anchor string) *chancery.Node {
	if n.IsText() {
		if strings.TrimSpace(n.Text) != "" {
			b.started, b.bare = true, false
		}
		return n
	}
	d, doc := b.d, b.doc
	if !known[n.Name] {
		if b.unknown == nil {
			b.unknown = map[string]int{}
		}
		b.unknown[n.Name]++
		u := d.unknown[n.Name]
		if u == nil {
			u = &unknownCount{line: n.Line}
			d.unknown[n.Name] = u
		}
		u.n++
	}
	if doc == nil {
		// Prose of a non-document division: keep it, follow the pages.
		if n.Name == "pb" {
			d.pageBreak(n, nil)
			return n
		}

		if n.Name == "div" && n.Attr("type") == "document" {
			sub := d.document(n, "", nil, 0)
			return &chancery.Node{Name: "document", Attrs: []chancery.Attr{{Name: "id", Value: sub.ID}}}
		}
		return b.convertChildren(n, anchor)
	}
	switch n.Name {
	case "pb":
		d.pageBreak(n, doc)
		if p := n.Attr("n"); p != "" {
			switch {
			case !b.started && len(doc.Pages) <= 1:
				doc.Pages = []string{p}
			case len(doc.Pages) == 0 || doc.Pages[len(doc.Pages)-1] != p:
				doc.Pages = append(doc.Pages, p)
				b.bare = b.started
			}
		}
		return n
	case "div":
		if n.Attr("type") == "document" {
			b.enclosures++
			sub := d.document(n, doc.Division, doc, b.enclosures)
			for _, p := range sub.Pages {
				if (len(doc.Pages) == 0 || doc.Pages[len(doc.Pages)-1] != p) && d.spend(16+len(p), n.Line) {
					doc.Pages = append(doc.Pages, p)
				}
			}
			b.started, b.bare = true, false
			return &chancery.Node{Name: "document", Attrs: []chancery.Attr{{Name: "id", Value: sub.ID}}}
		}
	case "note":
		return b.noteNode(n, anchor)
	case "attachment":
		b.inAttach++
		a := chancery.Attachment{}
		if h := child(n, "head"); h != nil {
			a.Head = d.plain(h)
		}
		out := b.convertChildren(n, "attachment")
		for _, c := range out.Children {
			if c.Name == "dateline" {
				a.Date = d.plain(c)
				break
			}
		}
		b.inAttach--
		doc.Attachments = append(doc.Attachments, a)
		return out
	case "dateline":
		out := b.convertChildren(n, anchor)
		if b.inAttach == 0 && doc.Dateline == nil {
			b.dateline = out
			doc.Dateline = d.readDateline(out)
		}
		return out
	case "list":
		switch n.Attr("type") {
		case "participants":
			out := b.convertChildren(n, "participants")
			doc.Participants = append(doc.Participants, d.readParticipants(out)...)
			return out
		case "subject":
			out := b.convertChildren(n, anchor)
			for _, it := range out.Children {
				if it.Name == "item" {
					if t := d.plain(it); t != "" {
						doc.Subject = append(doc.Subject, t)
					}
				}
			}
			return out
		}
	case "persName", "gloss", "placeName":
		out := b.convertChildren(n, anchor)
		m := chancery.Mention{Text: d.plain(out), Role: out.Attr("type")}
		switch n.Name {
		case "persName":
			m.Kind, m.Ref = chancery.MentionPerson, strings.TrimPrefix(out.Attr("corresp"), "#")
		case "gloss":
			m.Kind, m.Ref = chancery.MentionTerm, strings.TrimPrefix(out.Attr("target"), "#")
		default:
			m.Kind, m.Ref = chancery.MentionPlace, strings.TrimPrefix(out.Attr("ref"), "#")
		}
		doc.Mentions = append(doc.Mentions, m)
		switch m.Role {
		case "from":
			doc.From = append(doc.From, m)
		case "to":
			doc.To = append(doc.To, m)
		}
		return out
	case "ref":
		out := b.convertChildren(n, anchor)
		doc.Refs = append(doc.Refs, chancery.Ref{Target: out.Attr("target"), Text: d.plain(out), Note: b.note})
		return out
	case "signed":
		out := b.convertChildren(n, anchor)
		if b.inAttach == 0 {
			if t := d.plain(out); t != "" {
				doc.Signed = append(doc.Signed, t)
			}
		}
		return out
	}
	return b.convertChildren(n, anchor)
}

// noteNode handles a note: a source note moves to the document's
// SourceNote, a footnote to its Notes, leaving an anchor; an inline note
// (printed in place) stays in the tree.
func (b *docBuilder) noteNode(n *chancery.Node, anchor string) *chancery.Node {
	doc := b.doc
	id, num, typ, rend := n.Attr("id"), n.Attr("n"), n.Attr("type"), n.Attr("rend")
	if typ != "source" && (rend == "inline" || (id == "" && num == "")) {
		return b.convertChildren(n, anchor)
	}
	if typ == "source" && doc.SourceNote != nil && rend == "inline" && num == "" {
		// A further source line printed in place, such as an enclosure's
		// "[Enclosure 1—Translation]": it stays where it stands.
		return b.convertChildren(n, anchor)
	}
	switch {
	case id == "" && typ == "source" && doc.SourceNote == nil:
		// Source notes need no address of their own.
	case id == "":
		// A footnote without an id is addressed like the publisher's:
		// document id, "fn", marker; made unique if needed.
		base := doc.ID + "fn" + num
		if num == "" {
			base = doc.ID + "fn" + strconv.Itoa(len(doc.Notes)+1)
		}
		id = b.d.ids.unique(base, n.Line)
	}
	note := chancery.Note{ID: id, N: num, Type: typ, Anchor: anchor}
	if b.inAttach > 0 && anchor == "body" {
		note.Anchor = "attachment"
	}
	idx := -1
	if typ != "source" || doc.SourceNote != nil {
		idx = len(doc.Notes)
		doc.Notes = append(doc.Notes, note)
	}
	savedNote := b.note
	b.note = id
	content := b.convertChildren(&chancery.Node{Name: "note", Children: n.Children, Line: n.Line}, anchor)
	b.note = savedNote
	note.Content = content
	note.Text = b.d.plain(content)
	if idx >= 0 {
		doc.Notes[idx] = note
	} else {
		doc.SourceNote = &note
	}
	if rend == "inline" && num == "" {
		// An inline source note (a file number printed above the head)
		// is shown from SourceNote; it leaves no marker.
		return nil
	}
	attrs := []chancery.Attr{{Name: "id", Value: id}, {Name: "n", Value: num}}
	if typ != "" {
		attrs = append(attrs, chancery.Attr{Name: "type", Value: typ})
	}
	return &chancery.Node{Name: "note", Attrs: attrs, Line: n.Line}
}

func (d *decoder) readDateline(n *chancery.Node) *chancery.Dateline {
	dl := &chancery.Dateline{Text: d.plain(n)}
	n.Walk(func(c *chancery.Node) bool {
		switch c.Name {
		case "placeName":
			if dl.Place == "" {
				dl.Place = strings.TrimRight(d.plain(c), ",.;: ")
			}
		case "date":
			if dl.DateText == "" {
				dl.DateText = d.plain(c)
				dl.When = c.Attr("when")
				dl.From = c.Attr("from")
				dl.To = c.Attr("to")
				dl.NotBefore = c.Attr("notBefore")
				dl.NotAfter = c.Attr("notAfter")
				dl.Calendar = c.Attr("calendar")
			}
		}
		return true
	})
	return dl
}

// readParticipants groups a participants list by side. A side is an item
// holding a nested list ("US" followed by its people), or an item that is
// only an italic heading followed by items of people.
func (d *decoder) readParticipants(list *chancery.Node) []chancery.ParticipantGroup {
	var groups []chancery.ParticipantGroup
	cur := -1
	for _, it := range list.Children {
		if it.Name != "item" || d.err != nil {
			continue
		}
		var nested *chancery.Node
		var head []*chancery.Node
		for _, c := range it.Children {
			if c.Name == "list" && nested == nil {
				nested = c
				continue
			}
			if nested == nil {
				head = append(head, c)
			}
		}
		if nested != nil {
			g := chancery.ParticipantGroup{Side: strings.TrimRight(d.plainOf(head), ": ")}
			for _, p := range nested.Children {
				if p.Name == "item" {
					g.People = append(g.People, d.plain(p))
				}
			}
			groups = append(groups, g)
			cur = -1
			continue
		}
		if chancery.IsSideItem(it) {
			groups = append(groups, chancery.ParticipantGroup{Side: strings.TrimRight(d.plain(it), ": ")})
			cur = len(groups) - 1
			continue
		}
		if cur < 0 {
			groups = append(groups, chancery.ParticipantGroup{})
			cur = len(groups) - 1
		}
		groups[cur].People = append(groups[cur].People, d.plain(it))
	}
	return groups
}

// personDocuments lists, for each person of the volume's list, the
// documents that mention the person.
func (d *decoder) personDocuments() {
	index := make(map[string]int, len(d.vol.Persons))
	for i, p := range d.vol.Persons {
		index[p.ID] = i
	}
	for _, doc := range d.docs {
		for _, m := range doc.Mentions {
			i, ok := index[m.Ref]
			if m.Kind != chancery.MentionPerson || !ok {
				continue
			}
			p := &d.vol.Persons[i]
			if n := len(p.Documents); n == 0 || p.Documents[n-1] != doc.ID {
				p.Documents = append(p.Documents, doc.ID)
			}
		}
	}
}
