package export

import "strings"

// blockKind tells what a block is.
type blockKind int

const (
	paraBlock    blockKind = iota // a paragraph or line: text
	headingBlock                  // a heading: text, level
	listBlock                     // a list: items
	tableBlock                    // a table: tab
	quoteBlock                    // a block quote: inner
)

// block is a unit of layout: a paragraph, heading, list, table or quote.
type block struct {
	kind  blockKind
	text  string    // paraBlock, headingBlock: the inline text
	level int       // headingBlock: 1 for the title
	tight bool      // plain text: on the line after the block before
	items [][]block // listBlock: the blocks of each item
	tab   *table    // tableBlock
	inner []block   // quoteBlock
}

// layout lays out a sequence of blocks. A list that follows a list gets
// the other bullet, which keeps the two apart in Markdown.
func layout(f format, bs []block) string {
	var b strings.Builder
	alt := false
	for i, x := range bs {
		if i > 0 {
			b.WriteString(f.blockSep(x))
		}
		alt = x.kind == listBlock && i > 0 && bs[i-1].kind == listBlock && !alt
		b.WriteString(layoutBlock(f, x, alt))
	}
	return b.String()
}

// layoutBlock lays out one block; alt asks for a list's other bullet.
func layoutBlock(f format, x block, alt bool) string {
	switch x.kind {
	case headingBlock:
		return f.heading(x.level, x.text)
	case listBlock:
		return layoutList(f, x.items, f.bullet(alt))
	case tableBlock:
		return f.table(x.tab)
	case quoteBlock:
		return indent(layout(f, x.inner), "> ", "> ")
	}
	return x.text
}

// layoutList writes each item as its bullet ("- ") and its first line,
// the rest of the item indented by two spaces.
func layoutList(f format, items [][]block, bullet string) string {
	lines := make([]string, len(items))
	for i, item := range items {
		var b strings.Builder
		for j, x := range item {
			if j > 0 {
				b.WriteString(f.itemSep(x))
			}
			b.WriteString(layoutBlock(f, x, false))
		}
		lines[i] = strings.TrimRight(indent(b.String(), bullet, "  "), " ")
	}
	return strings.Join(lines, "\n")
}

// indent prefixes the first line of s with first and the others with
// rest; empty lines stay empty, except that a quote marks them too.
func indent(s, first, rest string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		p := rest
		if i == 0 {
			p = first
		}
		switch {
		case l != "":
			lines[i] = p + l
		case strings.TrimSpace(p) != "":
			lines[i] = strings.TrimRight(p, " ")
		}
	}
	return strings.Join(lines, "\n")
}
