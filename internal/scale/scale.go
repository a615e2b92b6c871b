// Package scale derives a FRUS-sized corpus from a few real volumes, for
// benchmarks: each volume is copied under new ids with the words of each
// document shuffled, so that term statistics stay those of real FRUS text
// while no two copies are alike. The result depends only on the inputs
// and the copy count.
package scale

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"strings"
)

// CopyID names the k-th copy (from 1) of a volume.
func CopyID(volume string, k int) string {
	return fmt.Sprintf("%sx%02d", volume, k)
}

// Derive writes the k-th copy of the TEI volume in data to w: the volume
// id (TEI/@xml:id and idno type="frus") becomes CopyID(volume, k) and the
// words of each document are shuffled among the document's texts. Markup,
// ids, notes and dates are kept.
func Derive(w io.Writer, data []byte, volume string, k int) error {
	newID := CopyID(volume, k)
	dec := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	out := &writer{w: w}
	var (
		docDepth = -1 // depth of the open top-level document, or -1
		depth    int
		buf      []xml.Token // tokens of the open document
		inIdno   bool
	)
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("derive %s: %w", volume, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			t = t.Copy()
			if t.Name.Local == "TEI" {
				setAttr(&t, "xml", "id", newID)
			}
			inIdno = t.Name.Local == "idno" && attr(t, "type") == "frus"
			if docDepth < 0 && t.Name.Local == "div" && attr(t, "type") == "document" {
				docDepth = depth
			}
			depth++
			tok = t
		case xml.EndElement:
			depth--
			inIdno = false
			if docDepth == depth {
				buf = append(buf, t)
				shuffle(buf, volume, k)
				for _, b := range buf {
					out.token(b)
				}
				buf, docDepth = buf[:0], -1
				continue
			}
		case xml.CharData:
			if inIdno {
				tok = xml.CharData(newID)
			} else {
				tok = t.Copy()
			}
		case xml.Comment, xml.Directive:
			continue
		case xml.ProcInst:
			tok = t.Copy()
		}
		if docDepth >= 0 {
			buf = append(buf, tok)
			continue
		}
		out.token(tok)
	}
	return out.err
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func setAttr(t *xml.StartElement, space, local, value string) {
	for i, a := range t.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			t.Attr[i].Value = value
			return
		}
	}
}

// shuffle permutes the words of a document's texts, keeping how many each
// text holds. The permutation is seeded by the volume, copy and document.
func shuffle(toks []xml.Token, volume string, k int) {
	var words []string
	type slot struct {
		i, n      int
		lead, end bool
	}
	var slots []slot
	seed := fnv.New64a()
	fmt.Fprintf(seed, "%s/%d", volume, k)
	for i, tok := range toks {
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "div" {
			seed.Write([]byte(attr(se, "id")))
		}
		cd, ok := tok.(xml.CharData)
		if !ok {
			continue
		}
		f := strings.Fields(string(cd))
		if len(f) == 0 {
			continue
		}
		s := string(cd)
		slots = append(slots, slot{i: i, n: len(f), lead: s[0] == ' ' || s[0] == '\n' || s[0] == '\t',
			end: strings.HasSuffix(s, " ") || strings.HasSuffix(s, "\n") || strings.HasSuffix(s, "\t")})
		words = append(words, f...)
	}
	r := rand.New(rand.NewPCG(seed.Sum64(), uint64(k)))
	r.Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
	for _, s := range slots {
		text := strings.Join(words[:s.n], " ")
		words = words[s.n:]
		if s.lead {
			text = " " + text
		}
		if s.end {
			text += " "
		}
		toks[s.i] = xml.CharData(text)
	}
}

// writer writes raw tokens back as XML.
type writer struct {
	w   io.Writer
	err error
}

func (w *writer) write(s string) {
	if w.err == nil {
		_, w.err = io.WriteString(w.w, s)
	}
}

func name(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func (w *writer) token(tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		var b strings.Builder
		b.WriteString("<" + name(t.Name))
		for _, a := range t.Attr {
			b.WriteString(" " + name(a.Name) + `="`)
			xml.EscapeText(&b, []byte(a.Value))
			b.WriteString(`"`)
		}
		b.WriteString(">")
		w.write(b.String())
	case xml.EndElement:
		w.write("</" + name(t.Name) + ">")
	case xml.CharData:
		var b strings.Builder
		xml.EscapeText(&b, t)
		w.write(b.String())
	case xml.ProcInst:
		w.write("<?" + t.Target + " " + string(t.Inst) + "?>")
	}
}
