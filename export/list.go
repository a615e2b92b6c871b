package export

import (
	"slices"

	"github.com/chancery-frus/chancery"
)

// list renders a list: the subject and participants lists under their
// labels, others as a list after their heads.
func (s *scope) list(n *chancery.Node) []block {
	switch n.Attr("type") {
	case "subject":
		return s.labelled("Subject:", n, s.items(n))
	case "participants":
		return s.labelled("Participants:", n, s.participants(n))
	}
	var out []block
	for _, c := range n.Children {
		if c.Name == "head" {
			out = append(out, s.para(c.Children, false)...)
		}
	}
	if items := s.items(n); len(items) > 0 {
		out = append(out, block{kind: listBlock, items: items})
	}
	return out
}

// labelled renders items under a label of ours, which replaces the list's
// own head ("SUBJECT"); markers of notes in that head follow the label.
func (s *scope) labelled(label string, n *chancery.Node, items [][]block) []block {
	w := newWriter(s.r.f, true)
	s.emphasis(w, s.r.f.delimiter("strong"), []*chancery.Node{{Text: label}})
	for _, c := range n.Children {
		if c.Name == "head" {
			s.markers(w, c)
		}
	}
	out := []block{{kind: paraBlock, text: w.String()}}
	if len(items) > 0 {
		out = append(out, block{kind: listBlock, items: items, tight: true})
	}
	return out
}

// markers writes the markers of the footnotes anchored below n.
func (s *scope) markers(w *writer, n *chancery.Node) {
	n.Walk(func(c *chancery.Node) bool {
		if c.Name == "note" && !isInlineNote(c) {
			s.noteMark(w, c)
		}
		return true
	})
}

// items renders the items of a list. A label goes at the beginning of
// its item, and anything else between items (a page break) into the next
// item.
func (s *scope) items(n *chancery.Node) [][]block {
	var items [][]block
	var pending, label []*chancery.Node
	for _, c := range n.Children {
		switch c.Name {
		case "head":
		case "label":
			label = append(label, c.Children...)
		case "item":
			item := s.blocks(slices.Concat(pending, c.Children), false)
			items = append(items, s.prefix(label, item))
			pending, label = nil, nil
		default:
			pending = append(pending, c)
		}
	}
	if rest := s.prefix(label, s.blocks(pending, false)); len(rest) > 0 {
		items = append(items, rest)
	}
	return items
}

// prefix puts a label at the beginning of an item's first paragraph, or
// in a paragraph of its own before the item's first block.
func (s *scope) prefix(label []*chancery.Node, item []block) []block {
	text := s.inlineText(label, false)
	switch {
	case text == "":
		return item
	case len(item) > 0 && item[0].kind == paraBlock:
		item[0].text = text + " " + item[0].text
		return item
	}
	return append([]block{{kind: paraBlock, text: text}}, item...)
}

// group is one side of a participants list and its people.
type group struct {
	side   *chancery.Node // the item naming the side, nil for none
	people [][]block
}

// participants renders a participants list as its sides, each with its
// people as a nested list. It reads both shapes the volumes use: a side
// item holding a list of people, and a flat list where an italic-only
// item begins a side.
func (s *scope) participants(n *chancery.Node) [][]block {
	var groups []*group
	for _, c := range s.itemNodes(n) {
		switch sub := childList(c); {
		case sub != nil:
			side := &chancery.Node{Name: "item", Children: without(c.Children, sub)}
			groups = append(groups, &group{side: side, people: s.items(sub)})
		case chancery.IsSideItem(c):
			groups = append(groups, &group{side: c})
		case len(groups) == 0:
			groups = append(groups, &group{})
			fallthrough
		default:
			g := groups[len(groups)-1]
			g.people = append(g.people, s.blocks(c.Children, false))
		}
	}
	return s.groupItems(groups)
}

// groupItems turns groups into list items: a side and its people as a
// nested list, or the people of a group without side as items.
func (s *scope) groupItems(groups []*group) [][]block {
	var items [][]block
	for _, g := range groups {
		if g.side == nil {
			items = append(items, g.people...)
			continue
		}
		item := s.blocks(g.side.Children, false)
		if len(g.people) > 0 {
			item = append(item, block{kind: listBlock, items: g.people})
		}
		items = append(items, item)
	}
	return items
}

// itemNodes returns the items of a list, each with the nodes that stand
// before it (labels, page breaks) moved into it.
func (s *scope) itemNodes(n *chancery.Node) []*chancery.Node {
	var items, pending []*chancery.Node
	for _, c := range n.Children {
		switch c.Name {
		case "head":
		case "item":
			items = append(items, &chancery.Node{Name: "item", Attrs: c.Attrs, Children: slices.Concat(pending, c.Children)})
			pending = nil
		default:
			pending = append(pending, c)
		}
	}
	if len(pending) > 0 {
		items = append(items, &chancery.Node{Name: "item", Children: pending})
	}
	return items
}

// childList returns the list an item holds, if any.
func childList(item *chancery.Node) *chancery.Node {
	for _, c := range item.Children {
		if c.Name == "list" {
			return c
		}
	}
	return nil
}

// without returns nodes without one of them.
func without(nodes []*chancery.Node, drop *chancery.Node) []*chancery.Node {
	var out []*chancery.Node
	for _, n := range nodes {
		if n != drop {
			out = append(out, n)
		}
	}
	return out
}
