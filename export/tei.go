package export

import (
	"encoding/xml"
	"strings"

	"github.com/chancery-frus/chancery"
)

// TEI returns a document as a TEI P5 fragment: a div type="document" with
// its head and body, each footnote and source note put back where its
// marker stands, and enclosed documents in place. nested resolves
// enclosures as for Text. It is the document as the volume holds it, with
// white space folded.
func TEI(d *chancery.Document, nested func(id string) *chancery.Document) string {
	if d == nil {
		return ""
	}
	w := &teiWriter{nested: nested, seen: map[string]bool{}}
	w.document(d, true)
	w.b.WriteString("\n")
	return w.b.String()
}

type teiWriter struct {
	b      strings.Builder
	nested func(string) *chancery.Document
	seen   map[string]bool
	notes  map[string]chancery.Note
}

const (
	nsTEI  = "http://www.tei-c.org/ns/1.0"
	nsFRUS = "http://history.state.gov/frus/ns/1.0"
)

func (w *teiWriter) document(d *chancery.Document, root bool) {
	if w.seen[d.ID] {
		return
	}
	w.seen[d.ID] = true
	saved := w.notes
	w.notes = map[string]chancery.Note{}
	for _, n := range d.Notes {
		w.notes[n.ID] = n
	}
	w.b.WriteString(`<div`)
	if root {
		w.attr("xmlns", nsTEI)
		w.attr("xmlns:frus", nsFRUS)
	}
	w.attr("type", "document")
	w.attr("xml:id", d.ID)
	w.attr("n", d.N)
	w.attr("subtype", d.Subtype)
	w.attr("frus:doc-dateTime-min", d.DateTimeMin)
	w.attr("frus:doc-dateTime-max", d.DateTimeMax)
	w.b.WriteString(">")
	src := d.SourceNote
	if src != nil && (src.ID == "" || !anchored(d.Head, src.ID)) {
		// A source line printed above the head (legacy volumes).
		w.b.WriteString(`<note rend="inline" type="source"`)
		if src.ID != "" {
			w.attr("xml:id", src.ID)
		}
		w.b.WriteString(">")
		w.children(src.Content)
		w.b.WriteString("</note>")
	}
	if src != nil && src.ID != "" {
		w.notes[src.ID] = *src
	}
	if d.Head != nil {
		w.element(d.Head)
	}
	w.children(d.Body)
	w.b.WriteString("</div>")
	w.notes = saved
}

func anchored(n *chancery.Node, id string) bool {
	found := false
	n.Walk(func(x *chancery.Node) bool {
		if x.Name == "note" && x.Attr("id") == id {
			found = true
		}
		return !found
	})
	return found
}

func (w *teiWriter) attr(name, value string) {
	if value == "" {
		return
	}
	w.b.WriteString(" " + name + `="`)
	xml.EscapeText(&w.b, []byte(value))
	w.b.WriteString(`"`)
}

func (w *teiWriter) children(n *chancery.Node) {
	if n == nil {
		return
	}
	for _, c := range n.Children {
		w.node(c)
	}
}

func (w *teiWriter) node(n *chancery.Node) {
	switch {
	case n.IsText():
		xml.EscapeText(&w.b, []byte(n.Text))
	case n.Name == "document":
		var d *chancery.Document
		if w.nested != nil {
			d = w.nested(n.Attr("id"))
		}
		if d == nil {
			w.b.WriteString("<!-- enclosure " + strings.ReplaceAll(n.Attr("id"), "--", "") + " -->")
			return
		}
		w.document(d, false)
	case n.Name == "note" && len(n.Children) == 0 && n.Attr("id") != "":
		// A marker: the note goes back where it stands.
		note, ok := w.notes[n.Attr("id")]
		w.b.WriteString("<note")
		w.attr("n", note.N)
		w.attr("xml:id", n.Attr("id"))
		w.attr("type", note.Type)
		w.b.WriteString(">")
		if ok {
			w.children(note.Content)
		}
		w.b.WriteString("</note>")
	default:
		w.element(n)
	}
}

// teiName returns the element name as the FRUS schema writes it.
func teiName(name string) string {
	if name == "attachment" {
		return "frus:attachment"
	}
	return name
}

// teiAttr returns an attribute name as the FRUS schema writes it.
func teiAttr(name string) string {
	switch name {
	case "id", "lang":
		return "xml:" + name
	case "doc-dateTime-min", "doc-dateTime-max":
		return "frus:" + name
	}
	return name
}

func (w *teiWriter) element(n *chancery.Node) {
	name := teiName(n.Name)
	w.b.WriteString("<" + name)
	for _, a := range n.Attrs {
		w.attr(teiAttr(a.Name), a.Value)
	}
	if len(n.Children) == 0 {
		w.b.WriteString("/>")
		return
	}
	w.b.WriteString(">")
	w.children(n)
	w.b.WriteString("</" + name + ">")
}
