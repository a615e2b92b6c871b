package web

import (
	"regexp"
	"strings"

	"github.com/chancery-frus/chancery"
)

// foundAttr marks a ref the reader did not find in the volume's markup:
// Chancery found the citation in plain words (package graph), and
// renderer.ref shows it as such.
const foundAttr = "found"

// assumedAttr holds, on a ref marked found, what Chancery took the words
// to mean that they do not say (chancery.Citation.Assumed).
const assumedAttr = "assumed"

// withFound returns the document with the citations Chancery found in
// plain words in its text and notes made links, as refs marked found:
// "ibid., vol. VII, pp. 589–592" becomes a link to those pages, and the
// pages after a ref of a whole volume ("vol. XV, pp. 370–376", the ref on
// "vol. XV") a link to them. A citation of a ref's text that names
// another volume than the ref ("printed ibid., Document 25", marked up as
// the citing volume's document 25) sets the ref right. The document is
// not changed: what is changed is copied.
func withFound(d *chancery.Document, cs []chancery.Citation) *chancery.Document {
	byNote := map[string][]chancery.Citation{}
	for _, c := range cs {
		if c.Found() && c.State != chancery.CiteBroken && c.ToVolume != "" {
			byNote[c.Note] = append(byNote[c.Note], c)
		}
	}
	if len(byNote) == 0 {
		return d
	}
	out := *d
	if found := byNote[""]; len(found) > 0 {
		out.Body = linkFound(d.Body, found)
	}
	if d.SourceNote != nil && len(byNote[d.SourceNote.ID]) > 0 {
		n := *d.SourceNote
		n.Content = linkFound(n.Content, byNote[n.ID])
		out.SourceNote = &n
	}
	out.Notes = make([]chancery.Note, len(d.Notes))
	for i, n := range d.Notes {
		if found := byNote[n.ID]; len(found) > 0 && n.ID != "" {
			n.Content = linkFound(n.Content, found)
		}
		out.Notes[i] = n
	}
	return &out
}

// foundTarget is the ref target of a citation found in plain words: the
// document it resolved to (of pages, the first that begins on them), or
// else its document or first page in its volume.
func foundTarget(c chancery.Citation) string {
	switch {
	case c.State == chancery.CiteResolved && len(c.Documents) > 0:
		return c.ToVolume + "#" + c.Documents[0]
	case c.ToID != "":
		return c.ToVolume + "#" + c.ToID
	case c.First != "":
		return c.ToVolume + "#pg_" + c.First
	}
	return c.ToVolume
}

// placeRE finds the place a citation names after its volume: its pages
// or its document.
var placeRE = regexp.MustCompile(`(?:pp?\.|pages?|[Dd]ocuments?|[Dd]oc\.)\s*\S`)

// textRun is a text node of a tree with its parent.
type textRun struct {
	node   *chancery.Node
	parent *chancery.Node
}

// linkFound returns a copy of root in which each citation's text, sought
// in the text of root as PlainText reads it, is wrapped in a ref marked
// found — when the text's ends lie in siblings, or in the same text; a
// citation across other boundaries stays text.
func linkFound(root *chancery.Node, cs []chancery.Citation) *chancery.Node {
	root = cloneNode(root)
	if root == nil {
		return nil
	}
	cursor := 0
	for _, c := range cs {
		text, runs, at := flatten(root)
		i := strings.Index(text[min(cursor, len(text)):], c.Text)
		if i < 0 {
			continue
		}
		start, end := min(cursor, len(text))+i, min(cursor, len(text))+i+len(c.Text)
		cursor = end
		if c.How == chancery.HowRefPages {
			// The ref marks up the volume; the link is for the pages.
			if m := placeRE.FindStringIndex(c.Text); m != nil {
				start += m[0]
			} else {
				continue
			}
		}
		wrap(root, runs, at, start, end, foundTarget(c), c.Assumed)
	}
	return root
}

// flatten returns root's text as PlainText reads it (white space
// collapsed), its text nodes, and, for each byte of the text, the text
// node and the offset in it it comes from (-1 for a space put between
// blocks).
func flatten(root *chancery.Node) (string, []textRun, [][2]int) {
	var raw strings.Builder
	var at [][2]int
	var runs []textRun
	var walk func(n, parent *chancery.Node)
	space := func() {
		raw.WriteByte(' ')
		at = append(at, [2]int{-1, 0})
	}
	walk = func(n, parent *chancery.Node) {
		switch n.Name {
		case "":
			runs = append(runs, textRun{n, parent})
			for k := 0; k < len(n.Text); k++ {
				raw.WriteByte(n.Text[k])
				at = append(at, [2]int{len(runs) - 1, k})
			}
			return
		case "note", "document", "sic", "orig":
			if n != root && (n.Name != "note" || n.Attr("rend") != "inline") {
				return
			}
		case "lb", "pb":
			space()
			return
		}
		block := n != root && isBlock(n)
		if block {
			space()
		}
		for _, c := range n.Children {
			walk(c, n)
		}
		if block || n.Name == "quote" {
			space()
		}
	}
	walk(root, nil)
	// Collapse white space as CollapseSpace does, keeping each kept
	// byte's origin.
	s := raw.String()
	var b []byte
	var kept [][2]int
	pending := false
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case ' ', '\t', '\n', '\r':
			pending = true
		default:
			if pending && len(b) > 0 {
				b = append(b, ' ')
				kept = append(kept, [2]int{-1, 0})
			}
			pending = false
			b = append(b, s[k])
			kept = append(kept, at[k])
		}
	}
	return string(b), runs, kept
}

// isBlock reports whether PlainText sets an element's text apart.
func isBlock(n *chancery.Node) bool {
	return chancery.IsBlockElement(n.Name) || chancery.IsMarginNote(n)
}

// wrap wraps the text from start to end (bytes of flatten's text) in a
// ref to target marked found. The ends must lie in text nodes that are
// children of one element, or be the whole text of children of it; a
// span holding a ref is not wrapped again, but one ref it holds whole is
// set to target (the words name its place better than its markup).
// assumed is what the reading took that the words do not say, shown with
// the link.
func wrap(root *chancery.Node, runs []textRun, at [][2]int, start, end int, target, assumed string) {
	for start < end && at[start][0] < 0 {
		start++
	}
	for end > start && at[end-1][0] < 0 {
		end--
	}
	if start >= end {
		return
	}
	a, b := at[start], at[end-1]
	ra, rb := runs[a[0]], runs[b[0]]
	// The children of one element from the one holding the start to the
	// one holding the end.
	parent := commonParent(root, ra.node, rb.node)
	if parent == nil {
		return
	}
	ia, ib := childHolding(parent, ra.node), childHolding(parent, rb.node)
	if ia < 0 || ib < 0 || ia > ib {
		return
	}
	// An end inside an element other than the text itself must be all of
	// that element's text.
	if parent.Children[ia] != ra.node && (strings.TrimSpace(ra.node.Text[:a[1]]) != "" || firstText(parent.Children[ia]) != ra.node) {
		return
	}
	if parent.Children[ib] != rb.node && (strings.TrimSpace(rb.node.Text[b[1]+1:]) != "" || lastText(parent.Children[ib]) != rb.node) {
		return
	}
	var refs []*chancery.Node
	for _, c := range parent.Children[ia : ib+1] {
		c.Walk(func(x *chancery.Node) bool {
			if x.Name == "ref" {
				refs = append(refs, x)
			}
			return true
		})
	}
	switch {
	case len(refs) == 1 && len(refs[0].Children) > 0:
		setAttr(refs[0], "target", target)
		setAttr(refs[0], foundAttr, "corrected")
		return
	case len(refs) > 0:
		return
	}
	var kids []*chancery.Node
	kids = append(kids, parent.Children[:ia]...)
	first, last := parent.Children[ia], parent.Children[ib]
	inner := append([]*chancery.Node(nil), parent.Children[ia:ib+1]...)
	var before, after *chancery.Node
	if first == ra.node && a[1] > 0 {
		before = &chancery.Node{Text: first.Text[:a[1]]}
		inner[0] = &chancery.Node{Text: first.Text[a[1]:]}
	}
	if last == rb.node && b[1]+1 < len(last.Text) {
		k := len(inner) - 1
		t := inner[k].Text
		cut := b[1] + 1
		if k == 0 && before != nil {
			cut -= a[1]
		}
		after = &chancery.Node{Text: t[cut:]}
		inner[k] = &chancery.Node{Text: t[:cut]}
	}
	if before != nil {
		kids = append(kids, before)
	}
	attrs := []chancery.Attr{{Name: "target", Value: target}, {Name: foundAttr, Value: "words"}}
	if assumed != "" {
		attrs = append(attrs, chancery.Attr{Name: assumedAttr, Value: assumed})
	}
	kids = append(kids, &chancery.Node{Name: "ref", Attrs: attrs, Children: inner})
	if after != nil {
		kids = append(kids, after)
	}
	parent.Children = append(kids, parent.Children[ib+1:]...)
}

// commonParent returns the nearest element of root holding both a and b
// (a text's own parent when a and b are one text).
func commonParent(root, a, b *chancery.Node) *chancery.Node {
	pa, pb := pathTo(root, a), pathTo(root, b)
	var common *chancery.Node
	for i := 0; i < len(pa) && i < len(pb) && pa[i] == pb[i]; i++ {
		if pa[i] != a && pb[i] != b {
			common = pa[i]
		}
	}
	return common
}

// pathTo returns the nodes from root to n, both included, or nil.
func pathTo(root, n *chancery.Node) []*chancery.Node {
	if root == n {
		return []*chancery.Node{root}
	}
	for _, c := range root.Children {
		if p := pathTo(c, n); p != nil {
			return append([]*chancery.Node{root}, p...)
		}
	}
	return nil
}

// childHolding returns the index of the child of parent that is or holds
// n, or -1.
func childHolding(parent, n *chancery.Node) int {
	for i, c := range parent.Children {
		if pathTo(c, n) != nil {
			return i
		}
	}
	return -1
}

func firstText(n *chancery.Node) *chancery.Node {
	var first *chancery.Node
	n.Walk(func(x *chancery.Node) bool {
		if first == nil && x.IsText() && strings.TrimSpace(x.Text) != "" {
			first = x
		}
		return first == nil
	})
	return first
}

func lastText(n *chancery.Node) *chancery.Node {
	var last *chancery.Node
	n.Walk(func(x *chancery.Node) bool {
		if x.IsText() && strings.TrimSpace(x.Text) != "" {
			last = x
		}
		return true
	})
	return last
}

func setAttr(n *chancery.Node, name, value string) {
	for i := range n.Attrs {
		if n.Attrs[i].Name == name {
			n.Attrs[i].Value = value
			return
		}
	}
	n.Attrs = append(n.Attrs, chancery.Attr{Name: name, Value: value})
}

// cloneNode copies a tree.
func cloneNode(n *chancery.Node) *chancery.Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Attrs = append([]chancery.Attr(nil), n.Attrs...)
	c.Children = make([]*chancery.Node, len(n.Children))
	for i, k := range n.Children {
		c.Children[i] = cloneNode(k)
	}
	return &c
}
