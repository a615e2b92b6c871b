package ingest

import (
	"fmt"

	"github.com/chancery-frus/chancery"
)

// readDepth is the deepest nesting of a stored record the reader reads
// back: encoding/json stops at 10,000 levels, and chancery.Node's own
// reader at 10,000 levels of nodes.
const readDepth = 10_000

// Readable reports, as an error, a volume whose stored records the
// reader could not read back: a volume record or a document record that
// would nest deeper in JSON than readDepth. It walks the volume's trees
// without encoding anything, and stops at the first that is too deep.
// The decoder's own limit on nesting (tei.MaxDepth) keeps every volume it
// decodes far from this; the check guards volumes made otherwise.
func Readable(v *chancery.VolumeData) error {
	if d := volumeDepth(v.Volume); d > readDepth {
		return fmt.Errorf("volume %q would nest more than %d levels deep as stored: the reader could not read it back", v.Volume.ID, readDepth)
	}
	for _, doc := range v.Documents {
		if d := documentDepth(doc); d > readDepth {
			return fmt.Errorf("document %q would nest more than %d levels deep as stored: the reader could not read it back", doc.ID, readDepth)
		}
	}
	return nil
}

// documentDepth is the JSON nesting of a document's record: an object
// holding its trees (the footnotes' in an array of objects) and lists of
// at most three levels (participants, mentions, pages).
func documentDepth(doc *chancery.Document) int {
	room := readDepth
	d := max(3, nodeDepth(doc.Body, room), nodeDepth(doc.Head, room))
	if doc.SourceNote != nil {
		d = max(d, 1+nodeDepth(doc.SourceNote.Content, room))
	}
	for i := range doc.Notes {
		d = max(d, 2+nodeDepth(doc.Notes[i].Content, room))
	}
	return 1 + d
}

// volumeDepth is the JSON nesting of a volume's record: an object holding
// the structure, an array of divisions, each an object whose children are
// an array of divisions, and lists of at most three levels.
func volumeDepth(v *chancery.Volume) int {
	if v == nil {
		return 0
	}
	d := 3
	for i := range v.Structure {
		d = max(d, 1+divisionDepth(&v.Structure[i], readDepth-1))
		if d > readDepth {
			break
		}
	}
	return 1 + d
}

// divisionDepth is the JSON nesting of a division's object, or a number
// over limit as soon as it passes limit.
func divisionDepth(div *chancery.Division, limit int) int {
	if limit <= 0 {
		return 1
	}
	d := max(1, nodeDepth(div.Content, limit-1))
	for i := range div.Children {
		if d = max(d, 1+divisionDepth(&div.Children[i], limit-2)); d >= limit {
			break
		}
	}
	return 1 + d
}

// nodeDepth is the JSON nesting of a node's JsonML form (an element is an
// array, holding an object of attributes and its children; a text is a
// string), or a number over limit as soon as it passes limit.
func nodeDepth(n *chancery.Node, limit int) int {
	if n == nil || n.IsText() {
		return 0
	}
	if limit <= 0 {
		return 1
	}
	d := 0
	if len(n.Attrs) > 0 {
		d = 1
	}
	for _, c := range n.Children {
		if d = max(d, nodeDepth(c, limit-1)); d >= limit {
			break
		}
	}
	return 1 + d
}
