package tei

import "github.com/chancery-frus/chancery"

// anchors records the volume's addressable ids that are not divisions,
// documents, page breaks of the flow or footnotes of documents
// (Volume.Anchors), each with the document or division whose page shows
// it: index entries, persons and terms entries, notes and page breaks in a
// division's prose, figures, list items, tables… For a document that is
// the nearest enclosing document (an enclosure's own id for an id in an
// enclosure), else the nearest enclosing division.
//
// It reads what the decoder kept for the reader — every division's prose
// and every document's head, body, source note and footnotes — so that an
// anchor names exactly the page that renders its element. Ids the decoder
// invents for divisions, documents and footnotes without an xml:id are
// addresses of their own, never anchors. Each id counts once, first
// occurrence first; ids of the teiHeader are not addresses of the text.
//
// text is the volume's text as the decoder leaves it: a division whose
// head carries notes or other ids but which has no prose of its own keeps
// its head as its Content, so that its page shows them.
func (d *decoder) anchors(text *chancery.Node) {
	v := d.vol
	// taken holds the ids addressed otherwise: divisions, documents, and
	// the footnotes and source notes of documents.
	taken := make(map[string]bool, len(d.docs)*4)
	chancery.Walk(v.Structure, func(div *chancery.Division, _ int) bool {
		taken[div.ID] = true
		return true
	})
	for _, doc := range d.docs {
		taken[doc.ID] = true
		if doc.SourceNote != nil && doc.SourceNote.ID != "" {
			taken[doc.SourceNote.ID] = true
		}
		for _, n := range doc.Notes {
			taken[n.ID] = true
		}
	}
	d.headsAsProse(text)

	seen := map[string]bool{}
	// add records the ids below n as shown on the page of in. Page breaks
	// count only in a division's prose (prose is true): those of documents
	// are found through the volume's pages.
	add := func(n *chancery.Node, in string, prose bool) {
		n.Walk(func(x *chancery.Node) bool {
			switch x.Name {
			case "document", "division":
				// Placeholders of a nested document or a subdivision: their
				// ids are addresses of their own, their text is elsewhere.
				return false
			case "pb":
				if !prose {
					return false
				}
			}
			if id := x.Attr("id"); id != "" && !taken[id] && !seen[id] {
				seen[id] = true
				v.Anchors = append(v.Anchors, chancery.Anchor{ID: id, In: in})
			}
			return true
		})
	}
	chancery.Walk(v.Structure, func(div *chancery.Division, _ int) bool {
		if !div.IsDocument() && div.Content != nil {
			add(div.Content, div.ID, true)
		}
		return true
	})
	for _, doc := range d.docs {
		add(doc.Head, doc.ID, false)
		add(doc.Body, doc.ID, false)
		if doc.SourceNote != nil {
			add(doc.SourceNote.Content, doc.ID, false)
		}
		for _, n := range doc.Notes {
			add(n.Content, doc.ID, false)
		}
	}
}

// headsAsProse gives a division without prose of its own, whose head
// holds an element with an xml:id (usually a footnote on a chapter's
// title), its head as Content, so that its page shows the note and the
// note's address leads there.
func (d *decoder) headsAsProse(text *chancery.Node) {
	// The divisions that may need it, by id; one whose id the decoder
	// invented is found by the line of its <div>, where the id was reserved.
	byID := map[string]*chancery.Division{}
	byLine := map[int]*chancery.Division{}
	chancery.Walk(d.vol.Structure, func(div *chancery.Division, _ int) bool {
		if !div.IsDocument() && div.Content == nil {
			byID[div.ID] = div
			if line, ok := d.ids.lines[div.ID]; ok {
				if _, dup := byLine[line]; dup {
					byLine[line] = nil // two on one line: neither is sure
				} else {
					byLine[line] = div
				}
			}
		}
		return true
	})
	if len(byID) == 0 {
		return
	}
	var walk func(n *chancery.Node)
	walk = func(n *chancery.Node) {
		for _, c := range n.Children {
			if c.Name != "div" || c.Attr("type") == "document" {
				continue
			}
			var div *chancery.Division
			if id := c.Attr("id"); id != "" {
				div = byID[id]
			} else {
				div = byLine[c.Line]
			}
			if div != nil && div.Content == nil {
				if h := child(c, "head"); h != nil && holdsID(h) {
					div.Content = &chancery.Node{Name: "div", Children: []*chancery.Node{h}}
				}
			}
			walk(c)
		}
	}
	for _, part := range []string{chancery.PartFront, chancery.PartBody, chancery.PartBack} {
		if p := child(text, part); p != nil {
			walk(p)
		}
	}
}

// holdsID reports whether an element below n has an xml:id.
func holdsID(n *chancery.Node) bool {
	found := false
	for _, c := range n.Children {
		c.Walk(func(x *chancery.Node) bool {
			if x.Attr("id") != "" {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}
