package export

import "github.com/chancery-frus/chancery"

// inlines renders nodes in a line of text.
func (s *scope) inlines(w *writer, nodes []*chancery.Node) {
	for _, n := range nodes {
		s.inline(w, n)
	}
}

// inline renders one node in a line of text. Elements without a rendering
// of their own show their content.
func (s *scope) inline(w *writer, n *chancery.Node) {
	switch {
	case n.IsText():
		w.text(n.Text)
	case n.Name == "note":
		s.note(w, n)
	case n.Name == "pb":
		if p := n.Attr("n"); p != "" {
			w.mark(s.r.f.pageRef(p), false)
		}
	case n.Name == "lb":
		w.lineBreak()
	case n.Name == "hi":
		s.emphasis(w, s.r.f.delimiter(n.Attr("rend")), n.Children)
	case n.Name == "choice":
		s.inlines(w, choose(n))
	case n.Name == "gap":
		w.text(" […] ")
	case n.Name == "figure" || n.Name == "graphic":
		s.figure(w, n)
	case n.Name == "document":
		w.text(" [Enclosure: " + n.Attr("id") + "] ")
	case n.Name == "seg" && n.Attr("type") == "margin":
		s.margin(w, n)
	case blockNames[n.Name] || n.Name == "label":
		w.boundary()
		s.inlines(w, n.Children)
		w.boundary()
	default:
		s.inlines(w, n.Children)
	}
}

// note writes the marker of a footnote, or an inline note in place.
func (s *scope) note(w *writer, n *chancery.Node) {
	switch {
	case isInlineNote(n):
		s.inlines(w, n.Children)
	case s.deferred != nil:
		*s.deferred = append(*s.deferred, n)
	default:
		s.noteMark(w, n)
	}
}

// emphasis renders nodes within an emphasis delimiter.
func (s *scope) emphasis(w *writer, delim string, nodes []*chancery.Node) {
	w.open(delim)
	s.inlines(w, nodes)
	w.close()
}

// margin renders a marginal head (seg@type="margin") in italics, apart
// from the text it stands beside.
func (s *scope) margin(w *writer, n *chancery.Node) {
	w.boundary()
	s.emphasis(w, s.r.f.delimiter("italic"), n.Children)
	w.boundary()
}

// figure writes "[Figure: caption]", the caption being the figure's head
// or description, or "[Figure]".
func (s *scope) figure(w *writer, n *chancery.Node) {
	var caption []*chancery.Node
	for _, c := range n.Children {
		if c.Name == "head" || c.Name == "figDesc" {
			caption = append(caption, c)
		}
	}
	w.boundary()
	if len(caption) == 0 {
		w.text("[Figure]")
	} else {
		w.text("[Figure: ")
		s.inlines(w, caption)
		w.closeWord("]")
	}
	w.boundary()
}

// choose returns what a choice shows: the correction, regularisation or
// expansion, else the first alternative that is not a sic or orig.
func choose(n *chancery.Node) []*chancery.Node {
	for _, want := range []string{"corr", "reg", "expan"} {
		for _, c := range n.Children {
			if c.Name == want {
				return c.Children
			}
		}
	}
	for _, c := range n.Children {
		if !c.IsText() && c.Name != "sic" && c.Name != "orig" {
			return c.Children
		}
	}
	return nil
}
