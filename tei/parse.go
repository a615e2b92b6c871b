// Package tei decodes FRUS volumes, TEI P5 XML in the schema of the
// Office of the Historian, into Chancery's domain model. It is pure: a
// reader goes in, a chancery.VolumeData comes out, and nothing is stored.
package tei

import (
	"bytes"
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
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// parse reads a whole XML file into a tree of nodes. Element names are
// local names for TEI elements, "attachment" for frus:attachment and
// "prefix:local" for other namespaces; xml:id becomes the attribute "id".
// Runs of white space in text are folded to one space. The root node is
// returned.
func parse(data []byte, file string) (*chancery.Node, *idIndex, error) {
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
	)
	for {
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
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			p := stack[len(stack)-1]
			s := foldSpace(t)
			if s == "" {
				continue
			}
			if k := len(p.Children); k > 0 && p.Children[k-1].Name == "" {
				p.Children[k-1].Text += s
				continue
			}
			p.Children = append(p.Children, &chancery.Node{Text: s})
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

// idIndex holds every xml:id of a volume, with the line it is on, and the
// elements that repeat an id used before.
type idIndex struct {
	rootSpace string // namespace of the root element
	lines     map[string]int
	dups      []duplicate
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

// unique returns base, or base with a suffix, such that no element of the
// volume has it as its id, and reserves it.
func (x *idIndex) unique(base string, line int) string {
	id := base
	for k := 2; ; k++ {
		if _, taken := x.lines[id]; !taken {
			break
		}
		id = base + "-" + strconv.Itoa(k)
	}
	x.lines[id] = line
	return id
}

func syntaxError(file string, dec *xml.Decoder, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := se.Msg
		if msg == "unexpected EOF" {
			msg = "unexpected end of file: the XML is truncated"
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
