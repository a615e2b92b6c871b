package chancery

import "context"

// How a citation was found.
const (
	// HowRef is a ref of the volume's markup.
	HowRef = "ref"
	// HowProse is a citation in plain words, found by Chancery.
	HowProse = "prose"
	// HowRefPages is a marked-up ref of a whole volume followed by its
	// pages in plain words ("Foreign Relations, 1961–1963, vol. XV, pp.
	// 370–376", the ref ending at "XV"): the pages were found by Chancery.
	HowRefPages = "ref-pages"
)

// The states of a citation, as stored.
const (
	// CitePending: the volume cited is not stored here (yet). Whether it
	// exists in the series is for the reader of the citation to tell,
	// from the publisher's list of volume ids.
	CitePending = "pending"
	// CiteResolved: the place cited was found in a volume stored here.
	CiteResolved = "resolved"
	// CiteBroken: the citation leads nowhere; Reason says why.
	CiteBroken = "broken"
)

// What is wrong with a broken citation: its Kind.
const (
	BrokenMalformed = "malformed"  // a ref's target is not a place
	BrokenNoVolume  = "no-volume"  // the series has no such volume
	BrokenUnclear   = "unclear"    // it does not say which volume
	BrokenNoPlace   = "no-place"   // the volume, stored here, has no such id or document
	BrokenNoPage    = "no-page"    // the volume, stored here, has no such page
	BrokenReversed  = "reversed"   // a range of pages that ends before it begins
	BrokenOtherWork = "other-work" // a ref of this volume's pages in words citing another work's
)

// The kinds of place a citation resolves to.
const (
	ToDocument = "document"
	ToNote     = "note"
	ToPage     = "page"  // a page id (pg_370): its documents, at the page
	ToPages    = "pages" // pages cited by number: the documents on them
	ToDivision = "division"
	ToAnchor   = "anchor" // another addressable id: an index entry, a list item…
	ToVolume   = "volume"
)

// Citation is one citation a volume makes of a place in the series — a
// ref of its markup, or a citation in plain words — and what it resolves
// to.
type Citation struct {
	Volume   string `json:"volume"`         // the citing volume
	Seq      int    `json:"seq"`            // its place among the volume's citations, from 1
	Document string `json:"document"`       // the document (or division) holding it
	Note     string `json:"note,omitempty"` // the note holding it, if any
	How      string `json:"how"`            // HowRef, HowProse or HowRefPages
	Text     string `json:"text"`           // as written
	Target   string `json:"target,omitempty"`
	ToVolume string `json:"toVolume,omitempty"` // the volume cited
	ToID     string `json:"toId,omitempty"`     // the id cited in it (d37, pg_107, d100fn2); "" for pages or a whole volume
	First    string `json:"first,omitempty"`    // the pages cited, as printed
	Last     string `json:"last,omitempty"`
	// More are the further pages of a list ("pp. 4, 19, 21–23": 19 and
	// 21–23), each a page or a range.
	More []string `json:"more,omitempty"`
	// Assumed is what Chancery took a citation in plain words to mean
	// that it does not say: "the volumes of 1863 are in parts, and the
	// citation does not say which: part I is taken".
	Assumed string `json:"assumed,omitempty"`

	State     string   `json:"state"`            // CitePending, CiteResolved or CiteBroken
	Reason    string   `json:"reason,omitempty"` // why it is broken
	Kind      string   `json:"kind,omitempty"`   // what it resolved to (ToDocument, ToPage…), or, broken, what is wrong (BrokenNoPage…)
	Documents []string `json:"documents"`        // the documents it resolves to, those that begin on its pages first
}

// Found reports whether Chancery found the citation, or its pages, in
// plain words rather than in the volume's markup.
func (c *Citation) Found() bool { return c.How != HowRef }

// Cited returns the documents a resolved citation cites, for "Cited by":
// its Documents but the one holding it (a note of a document pointing
// into the document itself cites nothing else).
func (c *Citation) Cited() []string {
	if c.State != CiteResolved {
		return nil
	}
	out := make([]string, 0, len(c.Documents))
	for _, d := range c.Documents {
		if c.ToVolume != c.Volume || d != c.Document {
			out = append(out, d)
		}
	}
	return out
}

// CitationCount is how often a document is cited, in its own volume and
// from others.
type CitationCount struct {
	Document string `json:"document"`
	Here     int    `json:"here"`   // from its own volume
	Others   int    `json:"others"` // from other volumes
}

// Citations is what a Store keeps of the citation graph. A volume's
// citations are stored with it (VolumeData.Citations) as CitePending, or
// CiteBroken when they lead nowhere whatever is stored; package graph
// resolves them against the volumes stored (Pending, then Resolve) and a
// Store marks those of a volume it removes or replaces pending again.
type Citations interface {
	// Citations returns the citations a volume makes, in order: all of
	// them, or those of one document (its text and notes) or division.
	Citations(ctx context.Context, volume, document string) ([]Citation, error)

	// CitedBy returns the resolved citations of a document (of it, its
	// notes and its pages) from every stored volume, ordered by citing
	// volume and place; not those of the document itself (Citation.Cited).
	CitedBy(ctx context.Context, volume, document string) ([]Citation, error)

	// CitationCounts returns, for each document of a volume that is
	// cited, how often, in the volume's order.
	CitationCounts(ctx context.Context, volume string) ([]CitationCount, error)

	// PendingCitations returns the pending citations of volumes stored
	// here, from every volume.
	PendingCitations(ctx context.Context) ([]Citation, error)

	// ResolveCitations records what citations resolved to (their State,
	// Reason, Kind and Documents), by their Volume and Seq; a citation
	// whose volume or target volume changed since it was read is left as
	// it is stored.
	ResolveCitations(ctx context.Context, cs []Citation) error

	// EachCitation calls fn for every citation stored, ordered by volume
	// and place, until fn returns an error.
	EachCitation(ctx context.Context, fn func(Citation) error) error
}
