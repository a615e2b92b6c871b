package chancery

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Node is an element or a text of a document's markup. Elements keep their
// TEI local name ("p", "hi", "list", "table", "pb", …; "attachment" for
// frus:attachment), the attributes a renderer needs, and their children;
// text nodes have an empty Name.
//
// Footnotes do not stay in the tree: each leaves an anchor, an element
// named "note" with attributes "n" and "id" and no children, and its
// content moves to Document.Notes. A nested document leaves an element
// named "document" with attribute "id".
//
// Nodes marshal to JSON in JsonML form: a text is a JSON string, an element
// an array of its name, an optional object of attributes, and its children.
type Node struct {
	Name     string
	Attrs    []Attr
	Text     string
	Children []*Node
	// Line is the line of the source file the node starts on, when known.
	// It is not part of the JSON form.
	Line int
}

// Attr is an attribute of a Node.
type Attr struct {
	Name, Value string
}

// Attr returns the value of the named attribute, or "".
func (n *Node) Attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// IsText reports whether n is a text node.
func (n *Node) IsText() bool { return n.Name == "" }

// Walk calls fn for n and its descendants in document order; when fn
// returns false the node's children are skipped.
func (n *Node) Walk(fn func(*Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	for _, c := range n.Children {
		c.Walk(fn)
	}
}

// PlainText returns the text content of n with runs of white space
// collapsed to one space. Footnotes and nested documents below n are left
// out, and so are the sic and orig of a choice.
func (n *Node) PlainText() string {
	if n == nil {
		return ""
	}
	if n.IsText() {
		return CollapseSpace(n.Text)
	}
	var b strings.Builder
	for _, c := range n.Children {
		c.appendText(&b)
	}
	return CollapseSpace(b.String())
}

func (n *Node) appendText(b *strings.Builder) {
	if n == nil {
		return
	}
	switch n.Name {
	case "":
		b.WriteString(n.Text)
		return
	case "note", "document", "sic", "orig":
		if n.Name == "note" && n.Attr("rend") == "inline" {
			break
		}
		return
	case "lb", "pb":
		b.WriteByte(' ')
		return
	}
	// Blocks are set apart: the decoder drops the layout white space
	// between them, and "…to</note><p>treaty…" must not read "totreaty".
	block := blockElements[n.Name] || IsMarginNote(n)
	if block {
		b.WriteByte(' ')
	}
	for _, c := range n.Children {
		c.appendText(b)
	}
	if block || n.Name == "quote" {
		b.WriteByte(' ')
	}
}

// blockElements are the elements whose text is set apart from what comes
// before and after it.
var blockElements = map[string]bool{
	"p": true, "item": true, "list": true, "head": true, "table": true, "row": true, "cell": true,
	"label": true, "dateline": true, "opener": true, "closer": true, "salute": true, "signed": true,
	"postscript": true, "attachment": true, "figure": true, "div": true, "body": true, "note": true,
	"address": true, "addrLine": true, "byline": true, "trailer": true, "docDate": true,
}

// CollapseSpace replaces each run of white space in s by one space and
// trims both ends.
func CollapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// MarshalJSON writes the node in JsonML form.
func (n *Node) MarshalJSON() ([]byte, error) {
	return n.AppendJSON(nil), nil
}

// AppendJSON appends the JsonML form of n to dst.
func (n *Node) AppendJSON(dst []byte) []byte {
	if n == nil {
		return append(dst, "null"...)
	}
	if n.Name == "" {
		return appendJSONString(dst, n.Text)
	}
	dst = append(dst, '[')
	dst = appendJSONString(dst, n.Name)
	if len(n.Attrs) > 0 {
		dst = append(dst, ",{"...)
		for i, a := range n.Attrs {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, a.Name)
			dst = append(dst, ':')
			dst = appendJSONString(dst, a.Value)
		}
		dst = append(dst, '}')
	}
	for _, c := range n.Children {
		dst = append(dst, ',')
		dst = c.AppendJSON(dst)
	}
	return append(dst, ']')
}

const hexDigits = "0123456789abcdef"

func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\r':
				dst = append(dst, '\\', 'r')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// UnmarshalJSON reads the JsonML form written by MarshalJSON.
func (n *Node) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	m, err := nodeFromJSON(v)
	if err != nil {
		return err
	}
	*n = *m
	return nil
}

func nodeFromJSON(v any) (*Node, error) {
	switch v := v.(type) {
	case string:
		return &Node{Text: v}, nil
	case []any:
		if len(v) == 0 {
			return nil, fmt.Errorf("node: empty element array")
		}
		name, ok := v[0].(string)
		if !ok || name == "" {
			return nil, fmt.Errorf("node: element name is %v, want a string", v[0])
		}
		n := &Node{Name: name}
		rest := v[1:]
		if len(rest) > 0 {
			if attrs, ok := rest[0].(map[string]any); ok {
				rest = rest[1:]
				for k, val := range attrs {
					s, _ := val.(string)
					n.Attrs = append(n.Attrs, Attr{Name: k, Value: s})
				}
				SortAttrs(n.Attrs)
			}
		}
		for _, c := range rest {
			cn, err := nodeFromJSON(c)
			if err != nil {
				return nil, err
			}
			n.Children = append(n.Children, cn)
		}
		return n, nil
	default:
		return nil, fmt.Errorf("node: unexpected JSON value %T", v)
	}
}

// SortAttrs orders attributes by name, the order in which nodes keep them.
func SortAttrs(as []Attr) {
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && as[j].Name < as[j-1].Name; j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

// IsMarginNote reports whether n is a note printed in the margin (a seg of
// type "margin" in legacy volumes: "Mr. Bancroft refers Mr. Campbell to his
// correspondence…", or a reference such as "[64]" beside a head). It is
// shown beside the text, and left out of titles.
func IsMarginNote(n *Node) bool {
	return n != nil && n.Name == "seg" && n.Attr("type") == "margin"
}

// TitleText returns the plain text of a head for use as a title: as
// PlainText, without margin notes.
func (n *Node) TitleText() string {
	if n == nil {
		return ""
	}
	return n.without(IsMarginNote).PlainText()
}

// without returns a copy of n without the descendants drop selects; n
// itself when there are none.
func (n *Node) without(drop func(*Node) bool) *Node {
	if n == nil || n.IsText() {
		return n
	}
	var kept []*Node
	changed := false
	for i, c := range n.Children {
		if drop(c) {
			if !changed {
				kept, changed = append([]*Node(nil), n.Children[:i]...), true
			}
			continue
		}
		k := c.without(drop)
		if k != c && !changed {
			kept, changed = append([]*Node(nil), n.Children[:i]...), true
		}
		if changed {
			kept = append(kept, k)
		}
	}
	if !changed {
		return n
	}
	cp := *n
	cp.Children = kept
	return &cp
}

// HeadWithoutNumber returns a document's head without the printed number
// ("253.") that modern volumes write into it, so that a page or an export
// that shows the number apart does not show it twice.
func HeadWithoutNumber(head *Node, num string) *Node {
	if num == "" || head == nil {
		return head
	}
	out, _ := stripPrefix(head, num+".")
	return out
}

// stripPrefix removes prefix from the first visible text below n, copying
// the nodes on the way. It reports whether visible text was found.
func stripPrefix(n *Node, prefix string) (*Node, bool) {
	if n.IsText() {
		t := strings.TrimLeft(n.Text, " \n\t")
		if t == "" {
			return n, false
		}
		rest, ok := strings.CutPrefix(t, prefix)
		if ok && (rest == "" || rest[0] == ' ' || rest[0] == '\n' || rest[0] == '\t') {
			return &Node{Text: strings.TrimLeft(rest, " \n\t"), Line: n.Line}, true
		}
		return n, true
	}
	if n.Name == "note" && n.Attr("rend") != "inline" {
		return n, false
	}
	for i, c := range n.Children {
		nc, found := stripPrefix(c, prefix)
		if nc != c {
			cp := *n
			cp.Children = append([]*Node(nil), n.Children...)
			cp.Children[i] = nc
			return &cp, true
		}
		if found {
			return n, true
		}
	}
	return n, false
}

// IsSideItem reports whether an item of a flat participants list names a
// side of the conversation rather than a person: its only visible content
// is italic ("<item><hi rend="italic">US</hi></item>"), as real volumes
// write the labels "US" and "USSR".
func IsSideItem(item *Node) bool {
	italic := false
	for _, c := range item.Children {
		switch {
		case c.IsText() && strings.Trim(CollapseSpace(c.Text), ":") == "":
		case c.Name == "hi" && c.Attr("rend") == "italic" && c.PlainText() != "":
			italic = true
		default:
			return false
		}
	}
	return italic
}
