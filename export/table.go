package export

import (
	"slices"
	"strconv"
	"strings"

	"github.com/chancery-frus/chancery"
)

// table is a table with its cells rendered inline.
type table struct {
	rows   [][]cell
	header bool // the first row is a label row
}

// cell is a rendered cell and the number of columns it spans.
type cell struct {
	text string
	span int
}

// table renders a table element: its head as a line before it, then the
// table. Anything between rows (a page break) goes into the next cell.
func (s *scope) table(n *chancery.Node) []block {
	var out []block
	t := &table{}
	var pending []*chancery.Node
	for _, c := range n.Children {
		switch c.Name {
		case "head":
			out = append(out, s.para([]*chancery.Node{c}, false)...)
		case "row":
			t.header = t.header || len(t.rows) == 0 && c.Attr("role") == "label"
			t.rows = append(t.rows, s.row(c, pending))
			pending = nil
		default:
			pending = append(pending, c)
		}
	}
	if len(pending) > 0 {
		t.rows = append(t.rows, []cell{{text: s.inlineText(pending, true), span: 1}})
	}
	if len(t.rows) > 0 {
		out = append(out, block{kind: tableBlock, tab: t})
	}
	return out
}

// row renders the cells of a row, with pending nodes put before the first.
func (s *scope) row(n *chancery.Node, pending []*chancery.Node) []cell {
	var cells []cell
	for _, c := range n.Children {
		if c.Name != "cell" {
			pending = append(pending, c)
			continue
		}
		span, err := strconv.Atoi(c.Attr("cols"))
		if err != nil || span < 1 {
			span = 1
		}
		nodes := slices.Concat(pending, c.Children)
		pending = nil
		cells = append(cells, cell{text: s.inlineText(nodes, true), span: span})
	}
	if len(pending) > 0 {
		cells = append(cells, cell{text: s.inlineText(pending, true), span: 1})
	}
	return cells
}

// text lays the table out one row a line, cells separated by " | ". A
// cell spanning columns is followed by empty cells, so that the cells
// after it keep their column; empty cells at the end of a row are left
// out.
func (t *table) text() string {
	lines := make([]string, len(t.rows))
	for i, row := range t.rows {
		texts := spread(row)
		for len(texts) > 0 && texts[len(texts)-1] == "" {
			texts = texts[:len(texts)-1]
		}
		lines[i] = strings.TrimSpace(strings.ReplaceAll(strings.Join(texts, " | "), "  ", " "))
	}
	return strings.Join(lines, "\n")
}

// spread returns the texts of a row's cells, each spanning cell followed
// by an empty text for each further column it spans.
func spread(row []cell) []string {
	var texts []string
	for _, c := range row {
		texts = append(texts, c.text)
		for k := 1; k < c.span; k++ {
			texts = append(texts, "")
		}
	}
	return texts
}

// markdown lays the table out as a GitHub table. A label row is the
// header; without one the header is empty. A cell spanning columns is
// followed by empty cells, and short rows are padded.
func (t *table) markdown() string {
	cols := t.columns()
	rows := t.rows
	var header []cell
	if t.header {
		header, rows = rows[0], rows[1:]
	}
	lines := []string{mdRow(header, cols), "|" + strings.Repeat(" --- |", cols)}
	for _, row := range rows {
		lines = append(lines, mdRow(row, cols))
	}
	return strings.Join(lines, "\n")
}

// columns returns the width of the widest row.
func (t *table) columns() int {
	cols := 1
	for _, row := range t.rows {
		n := 0
		for _, c := range row {
			n += c.span
		}
		cols = max(cols, n)
	}
	return cols
}

// mdRow writes one row of a GitHub table with cols columns.
func mdRow(row []cell, cols int) string {
	texts := spread(row)
	for len(texts) < cols {
		texts = append(texts, "")
	}
	var b strings.Builder
	b.WriteString("|")
	for _, t := range texts {
		b.WriteString(" " + t + " |")
	}
	return b.String()
}
