package chancery

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
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

// IsBlockElement reports whether PlainText sets the text of an element of
// this name apart from what comes before and after it.
func IsBlockElement(name string) bool { return blockElements[name] }

// CollapseSpace replaces each run of white space in s by one space and
// trims both ends.
func CollapseSpace(s string) string {
	if collapsed(s) {
		return s
	}
	if !utf8.ValidString(s) {
		// Each invalid byte read as U+FFFD, as a range loop reads it.
		var b strings.Builder
		for _, r := range s {
			b.WriteRune(r)
		}
		s = b.String()
	}
	// White space is ASCII, and no byte of a longer UTF-8 sequence is.
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r':
			space = true
		default:
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = append(b, c)
		}
	}
	return string(b)
}

// collapsed reports whether CollapseSpace would leave s as it is: valid
// UTF-8 with no white space but single spaces between other characters.
func collapsed(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\r':
			return false
		case ' ':
			if s[i-1] == ' ' { // i > 0: s does not begin with a space
				return false
			}
		}
	}
	return utf8.ValidString(s)
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

// UnmarshalJSON reads the JsonML form written by MarshalJSON. It parses
// the bytes itself, without building generic JSON values first: stored
// records are read on every page view, and a volume's structure holds
// hundreds of thousands of nodes.
func (n *Node) UnmarshalJSON(data []byte) error {
	p := jsonML{data: data}
	p.space()
	m, err := p.node(0)
	if err != nil {
		return err
	}
	if p.space(); p.i != len(p.data) {
		return p.errorf("unexpected data after the node")
	}
	*n = *m
	return nil
}

// maxNodeDepth bounds the nesting of a JsonML node, so that hostile input
// cannot exhaust the stack.
const maxNodeDepth = 10000

// jsonML parses the JsonML form of a node. Nodes are allocated in
// blocks, and each element's children gathered on one stack and copied to
// a slice of their exact number: far fewer allocations than one a node
// and a growing slice an element.
type jsonML struct {
	data  []byte
	i     int
	slab  []Node
	stack []*Node
}

func (p *jsonML) alloc() *Node {
	if len(p.slab) == 0 {
		p.slab = make([]Node, 128)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	return n
}

func (p *jsonML) errorf(format string, args ...any) error {
	return fmt.Errorf("node: offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *jsonML) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// expect consumes c after optional white space.
func (p *jsonML) expect(c byte) error {
	p.space()
	if p.i >= len(p.data) || p.data[p.i] != c {
		return p.errorf("expected %q", c)
	}
	p.i++
	return nil
}

// peek returns the next byte after white space, or 0 at the end.
func (p *jsonML) peek() byte {
	p.space()
	if p.i >= len(p.data) {
		return 0
	}
	return p.data[p.i]
}

func (p *jsonML) node(depth int) (*Node, error) {
	if depth > maxNodeDepth {
		return nil, p.errorf("nodes nested more than %d deep", maxNodeDepth)
	}
	switch p.peek() {
	case '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		n := p.alloc()
		n.Text = s
		return n, nil
	case '[':
		p.i++
	default:
		return nil, p.errorf("unexpected JSON value: want a string or an array")
	}
	if p.peek() != '"' {
		return nil, p.errorf("node: element name is not a string")
	}
	name, err := p.str()
	if err != nil {
		return nil, err
	}
	if name == "" {
		return nil, p.errorf("node: empty element name")
	}
	n := p.alloc()
	n.Name = name
	mark := len(p.stack)
	first := true
	for {
		switch p.peek() {
		case ']':
			p.i++
			if kids := p.stack[mark:]; len(kids) > 0 {
				n.Children = append(make([]*Node, 0, len(kids)), kids...)
				clear(kids)
				p.stack = p.stack[:mark]
			}
			return n, nil
		case ',':
			p.i++
		default:
			return nil, p.errorf("expected ',' or ']'")
		}
		if first && p.peek() == '{' {
			if err := p.attrs(n); err != nil {
				return nil, err
			}
			first = false
			continue
		}
		first = false
		c, err := p.node(depth + 1)
		if err != nil {
			return nil, err
		}
		p.stack = append(p.stack, c)
	}
}

func (p *jsonML) attrs(n *Node) error {
	p.i++ // '{'
	if p.peek() == '}' {
		p.i++
		return nil
	}
	for {
		if p.peek() != '"' {
			return p.errorf("attribute name is not a string")
		}
		k, err := p.str()
		if err != nil {
			return err
		}
		if err := p.expect(':'); err != nil {
			return err
		}
		var v string
		if p.peek() == '"' {
			if v, err = p.str(); err != nil {
				return err
			}
		} else if err := p.skipValue(); err != nil {
			return err
		}
		n.setAttr(k, v)
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			SortAttrs(n.Attrs)
			return nil
		default:
			return p.errorf("expected ',' or '}' in attributes")
		}
	}
}

// skipValue skips a JSON value that is not a string (an attribute value
// that is not a string reads as empty, as it always has).
func (p *jsonML) skipValue() error {
	start := p.i
	depth := 0
	for p.i < len(p.data) {
		switch c := p.data[p.i]; c {
		case '"':
			if _, err := p.str(); err != nil {
				return err
			}
			continue
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				return p.validValue(start)
			}
			depth--
		case ',':
			if depth == 0 {
				return p.validValue(start)
			}
		}
		p.i++
	}
	return p.errorf("unexpected end of data")
}

// validValue checks that the bytes from start are one JSON value.
func (p *jsonML) validValue(start int) error {
	if !json.Valid(p.data[start:p.i]) {
		return p.errorf("invalid attribute value")
	}
	return nil
}

// str reads a JSON string.
func (p *jsonML) str() (string, error) {
	p.i++ // opening quote
	start := p.i
	for p.i < len(p.data) {
		c := p.data[p.i]
		if c == '"' {
			s := validString(p.data[start:p.i])
			p.i++
			return s, nil
		}
		if c == '\\' {
			return p.escaped(start)
		}
		if c < 0x20 {
			return "", p.errorf("control character in string")
		}
		p.i++
	}
	return "", p.errorf("unterminated string")
}

// escaped reads the rest of a string that holds escapes, from start.
func (p *jsonML) escaped(start int) (string, error) {
	b := append([]byte(nil), p.data[start:p.i]...)
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == '"':
			p.i++
			return validString(b), nil
		case c < 0x20:
			return "", p.errorf("control character in string")
		case c != '\\':
			b = append(b, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.data) {
			break
		}
		e := p.data[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.errorf("bad \\u escape")
			}
			if utf16.IsSurrogate(r) {
				// A pair of escapes, or U+FFFD for a lone surrogate, whose
				// next escape is then read on its own.
				if p.i+1 < len(p.data) && p.data[p.i] == '\\' && p.data[p.i+1] == 'u' {
					save := p.i
					p.i += 2
					if r2, ok := p.hex4(); ok {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							b = utf8.AppendRune(b, d)
							continue
						}
					}
					p.i = save
				}
				r = utf8.RuneError
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", p.errorf("bad escape \\%c", e)
		}
	}
	return "", p.errorf("unterminated string")
}

// setAttr sets an attribute, replacing one of the same name.
func (n *Node) setAttr(name, value string) {
	for i := range n.Attrs {
		if n.Attrs[i].Name == name {
			n.Attrs[i].Value = value
			return
		}
	}
	n.Attrs = append(n.Attrs, Attr{Name: name, Value: value})
}

// validString returns b as a string, each byte that is not part of valid
// UTF-8 replaced by U+FFFD, as encoding/json reads strings.
func validString(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return string(out)
}

func (p *jsonML) hex4() (rune, bool) {
	if p.i+4 > len(p.data) {
		return 0, false
	}
	var r rune
	for _, c := range p.data[p.i : p.i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

// SortAttrs orders attributes by name, the order in which nodes keep them;
// attributes of one name keep their order. A few attributes, the usual
// case, are sorted in place by insertion; more in n log n.
func SortAttrs(as []Attr) {
	if len(as) > 12 {
		slices.SortStableFunc(as, func(a, b Attr) int { return strings.Compare(a.Name, b.Name) })
		return
	}
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
