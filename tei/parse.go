// Package tei decodes FRUS volumes, TEI P5 XML in the schema of the
// Office of the Historian, into Chancery's domain model. It is pure: a
// reader goes in, a chancery.VolumeData comes out, and nothing is stored.
package tei

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chancery-frus/chancery"
)

// Namespaces of the FRUS schema.
const (
	nsTEI  = "http://www.tei-c.org/ns/1.0"
	nsFRUS = "http://history.state.gov/frus/ns/1.0"
	nsXML  = "http://www.w3.org/XML/1998/namespace"
)

// Error is a problem that stops a volume from being read. It names the
// file and, where known, the line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", PrintableName(e.File), e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", PrintableName(e.File), e.Msg)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// parse reads a whole XML file into a tree of nodes. Element names are
// local names for TEI elements, "attachment" for frus:attachment and
// "prefix:local" for other namespaces; xml:id becomes the attribute "id".
// Runs of white space in text are folded to one space. The root node is
// returned. A file over one of the limits is refused with the line where
// it passes it; DTDs are never read, nor entities other than XML's own
// expanded.
func parse(ctx context.Context, data []byte, file string, lim Limits) (*chancery.Node, *idIndex, error) {
	if len(data) > lim.FileSize {
		return nil, nil, &Error{File: file, Msg: fmt.Sprintf("file too large: %s, over the limit of %s for one volume", over(int64(len(data)), int64(lim.FileSize)), Size(int64(lim.FileSize)))}
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, &Error{File: file, Msg: "empty file: no XML content"}
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8Pos(data)
		return nil, nil, &Error{File: file, Line: line, Msg: fmt.Sprintf("invalid UTF-8 at column %d", col)}
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var (
		root  *chancery.Node
		stack []*chancery.Node
		ids   = &idIndex{lines: map[string]int{}}
		// The text of the innermost open element since its last child:
		// one piece as it came, or several joined in buf (text broken by
		// comments, CDATA sections or processing instructions).
		text     string
		buf      []byte
		joined   bool
		textLine int
		elements int
		docs     int
	)
	flush := func() {
		if joined {
			text, buf, joined = string(buf), buf[:0], false
		}
		if text != "" {
			p := stack[len(stack)-1]
			p.Children = append(p.Children, &chancery.Node{Text: text})
			text = ""
		}
	}
	for tokens := 1; ; tokens++ {
		if tokens%4096 == 0 && ctx.Err() != nil {
			return nil, nil, fmt.Errorf("%s: decoding stopped: %w", PrintableName(file), context.Cause(ctx))
		}
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, syntaxError(file, dec, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > 0 {
				flush()
			}
			if msg := checkElement(t, stack, lim); msg != "" {
				return nil, nil, &Error{File: file, Line: line, Msg: msg}
			}
			if elements++; elements > lim.Elements {
				return nil, nil, &Error{File: file, Line: line, Msg: fmt.Sprintf("too many elements: more than %d in one volume", lim.Elements)}
			}
			n := &chancery.Node{Name: elementName(t.Name), Line: line}
			if len(t.Attr) > 0 {
				n.Attrs = make([]chancery.Attr, 0, len(t.Attr))
				for _, a := range t.Attr {
					if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
						continue
					}
					n.Attrs = append(n.Attrs, chancery.Attr{Name: attrName(a.Name), Value: a.Value})
				}
				chancery.SortAttrs(n.Attrs)
				if id := n.Attr("id"); id != "" {
					ids.add(id, n, line)
				}
			}
			if n.Name == "div" && n.Attr("type") == "document" {
				if docs++; docs > lim.Documents {
					return nil, nil, &Error{File: file, Line: line, Msg: fmt.Sprintf("too many documents: more than %d in one volume", lim.Documents)}
				}
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, nil, &Error{File: file, Line: line, Msg: "more than one root element"}
				}
				root = n
				ids.rootSpace = t.Name.Space
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			flush()
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			s := foldSpace(t)
			if s == "" {
				continue
			}
			switch {
			case text == "" && !joined:
				text, textLine = s, line
			case !joined:
				buf = append(append(buf[:0], text...), s...)
				text, joined = "", true
			default:
				buf = append(buf, s...)
			}
			if size := len(text) + len(buf); size > lim.TextSize {
				return nil, nil, &Error{File: file, Line: textLine, Msg: fmt.Sprintf("text too long: more than %s without markup in <%s>", Size(int64(lim.TextSize)), stack[len(stack)-1].Name)}
			}
		case xml.Directive:
			if msg := directive(t); msg != "" {
				return nil, nil, &Error{File: file, Line: line, Msg: msg}
			}
		}
	}
	if root == nil {
		return nil, nil, &Error{File: file, Msg: "no root element"}
	}
	if len(stack) > 0 {
		line, _ := dec.InputPos()
		return nil, nil, &Error{File: file, Line: line, Msg: fmt.Sprintf("unexpected end of file: <%s> not closed", stack[len(stack)-1].Name)}
	}
	return root, ids, nil
}

// checkElement checks a start tag against the limits on nesting and
// attributes, and returns what is wrong, or "".
func checkElement(t xml.StartElement, stack []*chancery.Node, lim Limits) string {
	name := elementName(t.Name)
	if len(stack) >= lim.Depth {
		return fmt.Sprintf("elements nested too deep: <%s> inside <%s> is more than %d levels down", name, stack[len(stack)-1].Name, lim.Depth)
	}
	if len(t.Attr) > lim.Attributes {
		return fmt.Sprintf("too many attributes: <%s> has %d, the limit is %d", name, len(t.Attr), lim.Attributes)
	}
	for _, a := range t.Attr {
		if len(a.Value) > lim.AttrValue {
			return fmt.Sprintf("attribute value too long: %s of <%s> has %s, over the limit of %s", attrName(a.Name), name, over(int64(len(a.Value)), int64(lim.AttrValue)), Size(int64(lim.AttrValue)))
		}
	}
	return ""
}

// directive checks a <!…> declaration. A DOCTYPE that only names the root
// (and perhaps an external DTD, which is never read) is ignored; one with
// an internal subset, where entities are declared, and any other
// declaration are refused: their entities would not be expanded, so the
// file could not be read as its author meant.
func directive(d xml.Directive) string {
	s := strings.TrimSpace(string(d))
	word, _, _ := strings.Cut(s, " ")
	if word != "DOCTYPE" {
		if len(word) > 20 {
			word = word[:20] + "…"
		}
		return fmt.Sprintf("<!%s> declarations are not read: FRUS volumes need no DTD, and declared entities are never expanded", strings.ToValidUTF8(word, "?"))
	}
	if strings.ContainsRune(s, '[') {
		return "a DOCTYPE with declarations ([…]) is not read: FRUS volumes need no DTD, and declared entities are never expanded"
	}
	return ""
}

// idIndex holds every xml:id of a volume, with the line it is on, and the
// elements that repeat an id used before.
type idIndex struct {
	rootSpace string // namespace of the root element
	lines     map[string]int
	dups      []duplicate
	// next holds, for each base unique has suffixed, the suffix to try
	// next: every smaller one is taken.
	next map[string]int
	// probes counts the ids unique has tried.
	probes int
}

type duplicate struct {
	id          string
	elem        *chancery.Node
	line, first int
}

func (x *idIndex) add(id string, n *chancery.Node, line int) {
	if first, ok := x.lines[id]; ok {
		x.dups = append(x.dups, duplicate{id: id, elem: n, line: line, first: first})
		return
	}
	x.lines[id] = line
}

// unique returns base, or base with the smallest suffix "-2", "-3", …
// such that no element of the volume has it as its id, and reserves it.
// Ids are never released, so the search for a base resumes where the
// last one for it ended: n ids from one base cost n tries, not n²/2.
func (x *idIndex) unique(base string, line int) string {
	x.probes++
	if _, taken := x.lines[base]; !taken {
		x.lines[base] = line
		return base
	}
	if x.next == nil {
		x.next = map[string]int{}
	}
	k := max(x.next[base], 2)
	for ; ; k++ {
		x.probes++
		id := base + "-" + strconv.Itoa(k)
		if _, taken := x.lines[id]; !taken {
			x.lines[id] = line
			x.next[base] = k + 1
			return id
		}
	}
}

func syntaxError(file string, dec *xml.Decoder, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := se.Msg
		switch {
		case msg == "unexpected EOF":
			msg = "unexpected end of file: the XML is truncated"
		case strings.HasPrefix(msg, "invalid character entity"):
			msg += " (only XML's own entities, &amp; &lt; &gt; &quot; &apos;, and character references such as &#8212; are read)"
		}
		return &Error{File: file, Line: se.Line, Msg: "malformed XML: " + msg}
	}
	line, _ := dec.InputPos()
	return &Error{File: file, Line: line, Msg: "malformed XML: " + err.Error()}
}

func invalidUTF8Pos(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

func elementName(n xml.Name) string {
	switch n.Space {
	case nsTEI, "":
		return n.Local
	case nsFRUS:
		if n.Local == "attachment" {
			return "attachment"
		}
		return "frus:" + n.Local
	}
	return prefixFor(n.Space) + ":" + n.Local
}

func attrName(n xml.Name) string {
	switch n.Space {
	case "":
		return n.Local
	case nsXML, "xml":
		return n.Local // xml:id → id, xml:lang → lang
	case nsFRUS:
		return n.Local // frus:doc-dateTime-min → doc-dateTime-min
	}
	return prefixFor(n.Space) + ":" + n.Local
}

func prefixFor(space string) string {
	if i := strings.LastIndexAny(space, "/#:"); i >= 0 && i < len(space)-1 {
		return space[i+1:]
	}
	return space
}

// foldSpace folds each run of XML white space in b to one space.
func foldSpace(b []byte) string {
	clean := true
	for i, c := range b {
		if c == '\n' || c == '\t' || c == '\r' || (c == ' ' && i > 0 && b[i-1] == ' ') {
			clean = false
			break
		}
	}
	if clean {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	space := false
	for _, c := range b {
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			space = true
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, c)
	}
	if space {
		out = append(out, ' ')
	}
	return string(out)
}
