// Package export renders one FRUS document as plain text or as Markdown,
// for reading, quoting and pasting elsewhere.
//
// Both renderings follow one layout: the plain-text copy of a document that
// readers expect (the shared corpus keeps one as its seed, document 253 of
// frus1961-63v05), without the flaws of careless exports:
//
//   - The first line is the printed number and the title: "253. Memorandum
//     of Conversation". A number the head already carries ("257. …") is not
//     repeated. Markers of notes anchored in the head go to the end of the
//     line.
//   - An unnumbered source note (legacy volumes: "No. 1622.]",
//     "[Inclosure.—Translation.]") follows the title line.
//   - The body follows in document order: the dateline on its own line
//     where it stands, then one paragraph per line with a blank line
//     between paragraphs (no hard wrapping).
//   - The subject and participants lists are introduced by "Subject:" and
//     "Participants:" and rendered as lists, participants grouped by side
//     with the people indented under their side, whether the volume nests
//     them or writes them flat.
//   - A printed page is marked "[Page 534]" where it begins, with a space
//     on both sides so it never glues to a word (escaped in Markdown,
//     "\[Page 534\]", so that it shows as written).
//   - Footnote markers stand where the volume puts them and keep the
//     volume's numbers ("[0]" for the source note of a modern volume).
//     Plain text puts a space before the marker ("Gromyko [1]"); Markdown
//     uses footnote references ("Gromyko[^1]"). A marker is never glued to
//     the word that follows it. A note the volume does not number is "[*]".
//   - Lists are written "- item", nested lists indented by two spaces, a
//     label (<label>) at the beginning of its item; tables one row a line
//     with cells between " | ", a cell spanning columns followed by empty
//     cells (GitHub tables in Markdown, the label row as header, else an
//     empty header); block quotes prefixed by "> " in both formats; figures as
//     "[Figure: caption]"; gaps as "[…]"; a choice shows its correction.
//   - Opener and closer lines (salute, dateline, signature) stand on lines
//     of their own. Attachments begin after a blank line with their heads
//     (level-two headings in Markdown).
//   - Enclosures (nested documents) are rendered in place, each with its
//     number and title line.
//   - The notes come at the end: in plain text under a line "Notes", one a
//     line as "[N] text", the source note first; notes of each enclosure
//     follow under "Notes to Document N". In Markdown they are footnote
//     definitions "[^N]: text", labels of enclosures' notes prefixed with
//     the enclosure's number ("[^4a-1]") so that labels stay unique.
//
// Cross-references keep their text and drop their targets, which point
// into the volume or to other volumes and mean nothing outside a reader.
package export

import (
	"github.com/chancery-frus/chancery"
)

// resolver returns the document with the given id, or nil when it is not
// known. Text and Markdown use it to render enclosures in place.
type resolver func(id string) *chancery.Document

// maxDepth bounds the nesting of enclosures rendered in place.
const maxDepth = 8

// Text renders d as plain text, laid out as the package documentation
// describes, ending with a newline. nested resolves the enclosures d
// holds; when it is nil or does not know an enclosure, a line
// "[Enclosure: <id>]" stands in its place. Text of a nil document is "".
func Text(d *chancery.Document, nested func(id string) *chancery.Document) string {
	return render(textFormat{}, d, nested)
}

// Markdown renders d as CommonMark with GitHub extensions (tables and
// footnotes), laid out as the package documentation describes: the title
// as a level-one heading, the dateline in italics, italic and strong text
// as emphasis (small capitals and other renditions as plain text), notes as
// footnotes, and every character that Markdown would read as markup
// escaped. nested resolves enclosures as for Text.
func Markdown(d *chancery.Document, nested func(id string) *chancery.Document) string {
	return render(markdownFormat{}, d, nested)
}

// render lays out d and its notes in format f.
func render(f format, d *chancery.Document, nested resolver) string {
	if d == nil {
		return ""
	}
	r := &renderer{f: f, nested: nested, labels: map[string]bool{}}
	r.stack = append(r.stack, d.ID)
	out := layout(f, r.document(d, 0))
	if notes := r.notes(); notes != "" {
		out += "\n\n" + notes
	}
	return out + "\n"
}

// renderer holds the state of one rendering: the notes met so far, grouped
// by document, and the enclosures being rendered.
type renderer struct {
	f        format
	nested   resolver
	sections []*noteSection
	labels   map[string]bool // Markdown footnote labels in use
	stack    []string        // ids of the documents being rendered
}

// document renders the title, the unnumbered source note and the body of
// d, nested depth enclosures deep.
func (r *renderer) document(d *chancery.Document, depth int) []block {
	s := &scope{r: r, sec: r.section(d, depth), depth: depth}
	out := []block{s.title(d)}
	if src := s.sourceLine(d); len(src) > 0 {
		src[0].tight = true
		out = append(out, src...)
	}
	if d.Body != nil {
		out = append(out, s.blocks(d.Body.Children, false)...)
	}
	return out
}

// resolve returns the enclosure with the given id if it can be rendered in
// place: known, not already being rendered, and not nested too deep.
func (r *renderer) resolve(id string) *chancery.Document {
	if r.nested == nil || id == "" || len(r.stack) > maxDepth {
		return nil
	}
	for _, open := range r.stack {
		if open == id {
			return nil
		}
	}
	return r.nested(id)
}
