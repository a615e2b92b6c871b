package export

import (
	"strconv"
	"strings"

	"github.com/chancery-frus/chancery"
)

// noteSection holds the numbered notes of one document: the document
// rendered, or one of its enclosures.
type noteSection struct {
	doc     *chancery.Document
	depth   int
	entries []*noteEntry
	byID    map[string]*noteEntry
	prefix  string // prefix of the Markdown labels: "" or "4a-"
	// inPlace maps attachments to the unmarked notes printed at their
	// beginning (see placeUnmarked).
	inPlace map[*chancery.Node]*noteEntry
}

// noteEntry is a note with its printed number and its Markdown label.
type noteEntry struct {
	note  *chancery.Note
	num   string // the number printed in the volume: "0", "1", "*"
	label string // the Markdown footnote label, unique in the output
	// unmarked tells a note with neither number nor marker, such as the
	// source note of an attachment: it is printed without a marker.
	unmarked bool
	placed   bool // printed in place rather than with the notes
}

// section starts the note section of d: its numbered source note first,
// then its footnotes in the volume's order.
func (r *renderer) section(d *chancery.Document, depth int) *noteSection {
	sec := &noteSection{doc: d, depth: depth, byID: map[string]*noteEntry{}}
	if depth > 0 {
		sec.prefix = labelPart(firstOf(d.N, d.ID)) + "-"
	}
	marked := markedNotes(d)
	if src := d.SourceNote; src != nil && src.N != "" {
		r.addNote(sec, src, marked)
	}
	for i := range d.Notes {
		r.addNote(sec, &d.Notes[i], marked)
	}
	sec.placeUnmarked(d.Body)
	r.sections = append(r.sections, sec)
	return sec
}

// addNote numbers n ("*" when the volume does not) and gives it a label
// no other note has. marked holds the ids of the notes that have markers.
func (r *renderer) addNote(sec *noteSection, n *chancery.Note, marked map[string]bool) {
	e := &noteEntry{note: n, num: firstOf(n.N, "*"), unmarked: n.N == "" && !marked[n.ID]}
	if !e.unmarked {
		e.label = r.label(sec.prefix + labelPart(e.num))
	}
	sec.entries = append(sec.entries, e)
	if n.ID != "" {
		sec.byID[n.ID] = e
	}
}

// placeUnmarked puts the unmarked notes of attachments ("[Enclosure
// 1—Translation]", which the decoder keeps without a marker) at the
// beginning of the attachments, in order, when there are as many notes as
// attachments. Otherwise they stay with the notes.
func (sec *noteSection) placeUnmarked(body *chancery.Node) {
	var notes []*noteEntry
	for _, e := range sec.entries {
		if e.unmarked && e.note.Anchor == "attachment" {
			notes = append(notes, e)
		}
	}
	var attachments []*chancery.Node
	body.Walk(func(n *chancery.Node) bool {
		if n.Name == "attachment" {
			attachments = append(attachments, n)
		}
		return true
	})
	if len(notes) == 0 || len(notes) != len(attachments) {
		return
	}
	sec.inPlace = map[*chancery.Node]*noteEntry{}
	for i, a := range attachments {
		sec.inPlace[a] = notes[i]
		notes[i].placed = true
	}
}

// markedNotes returns the ids of the notes whose markers stand in the
// head, the body or the notes of d.
func markedNotes(d *chancery.Document) map[string]bool {
	ids := map[string]bool{}
	mark := func(n *chancery.Node) bool {
		if n.Name == "note" && !isInlineNote(n) {
			ids[n.Attr("id")] = true
		}
		return true
	}
	d.Head.Walk(mark)
	d.Body.Walk(mark)
	for _, n := range d.Notes {
		n.Content.Walk(mark)
	}
	return ids
}

// label returns want, or want with a suffix if another note has it.
func (r *renderer) label(want string) string {
	l := want
	for k := 2; r.labels[l]; k++ {
		l = want + "-" + strconv.Itoa(k)
	}
	r.labels[l] = true
	return l
}

// entry returns the note an anchor points to. An anchor whose note is not
// known keeps its own number and a label of its own.
func (sec *noteSection) entry(anchor *chancery.Node) *noteEntry {
	if e := sec.byID[anchor.Attr("id")]; e != nil {
		return e
	}
	n := anchor.Attr("n")
	if n == "" {
		return nil
	}
	return &noteEntry{num: n, label: sec.prefix + labelPart(n)}
}

// labelPart keeps the letters, digits and hyphens of s for a Markdown
// footnote label; "*" and other marks become "n".
func labelPart(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '-' || r < 128 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "n"
	}
	return b.String()
}

// notes renders the note sections that have notes, in the order their
// documents were met.
func (r *renderer) notes() string {
	var parts []string
	for _, sec := range r.sections {
		if text := r.sectionText(sec); text != "" {
			parts = append(parts, text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// sectionText renders the notes of one section under its heading.
func (r *renderer) sectionText(sec *noteSection) string {
	s := &scope{r: r, sec: sec, depth: sec.depth}
	var entries []string
	for _, e := range sec.entries {
		if e.placed {
			continue
		}
		body := layout(r.f, s.blocks(noteContent(e.note), false))
		entries = append(entries, r.f.noteEntry(e, body))
	}
	if len(entries) == 0 {
		return ""
	}
	out := strings.Join(entries, r.f.noteSep())
	if h := r.f.notesHeading(sectionTitle(sec)); h != "" {
		out = h + "\n\n" + out
	}
	return out
}

// noteContent returns the markup of a note, or its plain text.
func noteContent(n *chancery.Note) []*chancery.Node {
	if n.Content != nil {
		return n.Content.Children
	}
	return []*chancery.Node{{Text: n.Text}}
}

// sectionTitle names a note section: "Notes", or "Notes to Document 4a"
// for an enclosure.
func sectionTitle(sec *noteSection) string {
	switch {
	case sec.depth == 0:
		return "Notes"
	case sec.doc.N != "":
		return "Notes to Document " + sec.doc.N
	default:
		return "Notes to " + firstOf(sec.doc.Title, sec.doc.ID)
	}
}

// sourceLine renders an unnumbered source note, printed above the head in
// legacy volumes, as the paragraphs that follow the title line.
func (s *scope) sourceLine(d *chancery.Document) []block {
	src := d.SourceLine()
	if src == nil {
		return nil
	}
	return s.blocks(src.Content.Children, true)
}

// attachment renders an attachment, beginning with the unmarked note
// placed there, if any.
func (s *scope) attachment(n *chancery.Node) []block {
	var out []block
	if e := s.sec.inPlace[n]; e != nil {
		out = s.blocks(noteContent(e.note), true)
	}
	rest := s.blocks(n.Children, false)
	if len(out) > 0 && len(rest) > 0 {
		rest[0].tight = true
	}
	return append(out, rest...)
}

// noteMark writes the marker of a note anchor.
func (s *scope) noteMark(w *writer, anchor *chancery.Node) {
	if e := s.sec.entry(anchor); e != nil {
		w.mark(s.r.f.noteRef(e))
	}
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
