package export

import (
	"github.com/chancery-frus/chancery"
)

// scope renders the markup of one document: it knows the document's
// notes and how deep the document is nested.
type scope struct {
	r     *renderer
	sec   *noteSection
	depth int
	// deferred, when set, collects note anchors instead of writing their
	// markers (the title writes them at its end).
	deferred *[]*chancery.Node
}

// blockNames are the elements that always stand as blocks of their own.
var blockNames = map[string]bool{
	"p": true, "ab": true, "head": true, "list": true, "table": true,
	"dateline": true, "opener": true, "closer": true, "salute": true,
	"signed": true, "postscript": true, "figure": true, "attachment": true,
	"document": true, "div": true, "lg": true, "l": true, "byline": true,
	"docImprint": true, "trailer": true, "argument": true, "epigraph": true,
	"item": true, "row": true, "cell": true,
}

// tightNames are the containers whose blocks follow one another line by
// line in plain text.
var tightNames = map[string]bool{"opener": true, "closer": true, "lg": true}

// isBlock reports whether n stands as a block. Quotes and inline notes
// are blocks outside paragraphs; other elements are blocks when they hold
// blocks.
func isBlock(n *chancery.Node, inPara bool) bool {
	switch {
	case n.IsText():
		return false
	case blockNames[n.Name]:
		return true
	case n.Name == "quote" || isInlineNote(n):
		return !inPara || hasBlock(n)
	}
	return hasBlock(n)
}

// hasBlock reports whether n has a child that always stands as a block.
func hasBlock(n *chancery.Node) bool {
	for _, c := range n.Children {
		if blockNames[c.Name] {
			return true
		}
	}
	return false
}

// isInlineNote reports whether n is a note printed in place rather than a
// footnote anchor.
func isInlineNote(n *chancery.Node) bool {
	return n.Name == "note" && (n.Attr("rend") == "inline" || n.Attr("id") == "" && len(n.Children) > 0)
}

// blocks renders a sequence of nodes: runs of inline nodes become
// paragraphs, block elements their blocks. inPara tells that the nodes
// are the content of a paragraph.
func (s *scope) blocks(nodes []*chancery.Node, inPara bool) []block {
	var out []block
	start := 0
	for i, n := range nodes {
		if !isBlock(n, inPara) {
			continue
		}
		out = append(out, s.para(nodes[start:i], false)...)
		out = appendBlocks(out, s.block(n))
		start = i + 1
	}
	return append(out, s.para(nodes[start:], false)...)
}

// appendBlocks appends bs to out, putting a heading that follows a
// heading on the next line.
func appendBlocks(out, bs []block) []block {
	if len(out) > 0 && len(bs) > 0 && out[len(out)-1].kind == headingBlock && bs[0].kind == headingBlock {
		bs[0].tight = true
	}
	return append(out, bs...)
}

// block renders one block element.
func (s *scope) block(n *chancery.Node) []block {
	switch n.Name {
	case "head":
		return s.heading(n)
	case "dateline":
		return s.para([]*chancery.Node{n}, true)
	case "list":
		return s.list(n)
	case "table":
		return s.table(n)
	case "quote":
		return []block{{kind: quoteBlock, inner: s.blocks(n.Children, false)}}
	case "figure", "graphic":
		return s.para([]*chancery.Node{n}, false)
	case "document":
		return s.enclosure(n.Attr("id"))
	case "attachment":
		return s.attachment(n)
	}
	bs := s.blocks(n.Children, isParagraph(n))
	if tightNames[n.Name] {
		for i := 1; i < len(bs); i++ {
			bs[i].tight = true
		}
	}
	return bs
}

// isParagraph reports whether n holds the text of one paragraph.
func isParagraph(n *chancery.Node) bool {
	switch n.Name {
	case "p", "ab", "l", "salute", "signed", "byline", "trailer", "note", "cell":
		return true
	}
	return false
}

// para renders inline nodes as one paragraph, or none if nothing in them
// is visible. italic puts the paragraph in italics (datelines).
func (s *scope) para(nodes []*chancery.Node, italic bool) []block {
	w := newWriter(s.r.f, false)
	if italic {
		w.open(s.r.f.delimiter("italic"))
	}
	s.inlines(w, nodes)
	if italic {
		w.close()
	}
	if w.empty() {
		return nil
	}
	return []block{{kind: paraBlock, text: w.String()}}
}

// heading renders a head inside the body (an attachment's) as a heading
// one level below the document's title.
func (s *scope) heading(n *chancery.Node) []block {
	text := s.inlineText(n.Children, true)
	if text == "" {
		return nil
	}
	return []block{{kind: headingBlock, level: s.depth + 2, text: text}}
}

// inlineText renders nodes inline as a string; oneLine turns line breaks
// into spaces.
func (s *scope) inlineText(nodes []*chancery.Node, oneLine bool) string {
	w := newWriter(s.r.f, oneLine)
	s.inlines(w, nodes)
	return w.String()
}

// enclosure renders a nested document in place, or a line naming it when
// it cannot be resolved.
func (s *scope) enclosure(id string) []block {
	d := s.r.resolve(id)
	if d == nil {
		w := newWriter(s.r.f, true)
		w.text("[Enclosure: " + id + "]")
		return []block{{kind: paraBlock, text: w.String()}}
	}
	s.r.stack = append(s.r.stack, id)
	defer func() { s.r.stack = s.r.stack[:len(s.r.stack)-1] }()
	return s.r.document(d, s.depth+1)
}

// title renders the title line: the number, the head (or the plain title)
// and the markers of the notes anchored in the head.
func (s *scope) title(d *chancery.Document) block {
	w := newWriter(s.r.f, true)
	if d.N != "" {
		w.text(d.N + ". ")
	}
	var anchors []*chancery.Node
	t := &scope{r: s.r, sec: s.sec, depth: s.depth, deferred: &anchors}
	before := w.String()
	if d.Head != nil {
		t.inlines(w, chancery.HeadWithoutNumber(d.Head, d.N).Children)
	}
	if w.String() == before {
		w.text(d.Title)
	}
	for _, a := range anchors {
		s.noteMark(w, a)
	}
	text := w.String()
	if d.N != "" && text == d.N+"." {
		text = d.N // a number without a title
	}
	return block{kind: headingBlock, level: s.depth + 1, text: text}
}
