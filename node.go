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
	block := blockElements[n.Name]
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
