// Package chancery holds the domain model of the Foreign Relations of the
// United States (FRUS) as Chancery stores and serves it: volumes, their
// structure, documents, notes, pages, persons and terms, and the interfaces
// that storage backends implement.
//
// The package has no dependencies beyond the standard library. The TEI
// decoder (package tei) produces these types; storage adapters (package
// sqlite, later postgres) persist them; the CLI and web handlers speak only
// to the interfaces declared here.
package chancery

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Volume is one FRUS volume: its bibliographic description, its structure
// and the lists that documents point into. Documents are kept apart (see
// Document) so that a volume can be read without its full text.
type Volume struct {
	ID        string     `json:"id"`     // TEI/@xml:id, e.g. "frus1961-63v05"
	Titles    Titles     `json:"titles"` // the typed titles of the titleStmt
	Editors   []Editor   `json:"editors,omitempty"`
	Publisher string     `json:"publisher,omitempty"`
	PubPlace  string     `json:"pubPlace,omitempty"`
	PubDate   string     `json:"pubDate,omitempty"` // publication date as printed, usually a year
	ISBNs     []Idno     `json:"isbns,omitempty"`
	Idnos     []Idno     `json:"idnos,omitempty"` // every non-empty idno, ISBNs included
	Structure []Division `json:"structure"`       // the divisions of front, body and back, as a tree
	Persons   []Person   `json:"persons,omitempty"`
	Terms     []Term     `json:"terms,omitempty"`
	Pages     []Page     `json:"pages,omitempty"` // every page break, in document order
	// Anchors are the other addressable ids of the volume's text (index
	// entries, persons and terms entries, notes outside documents, figures,
	// list items…), each with the division or document that holds it.
	Anchors []Anchor `json:"anchors,omitempty"`

	// Provenance of the stored copy.
	Hash     string    `json:"hash,omitempty"`     // SHA-256 of the source file, hex
	Source   string    `json:"source,omitempty"`   // file name the volume was read from
	Bytes    int64     `json:"bytes,omitempty"`    // size of the source file
	Ingested time.Time `json:"ingested,omitempty"` // when it was stored

	// Counts maintained by the decoder and the store.
	DocumentCount int `json:"documentCount"`
	NoteCount     int `json:"noteCount"`
}

// Titles are the typed titles of a volume's titleStmt.
type Titles struct {
	Complete     string `json:"complete,omitempty"`
	Series       string `json:"series,omitempty"`
	Subseries    string `json:"subseries,omitempty"`
	VolumeNumber string `json:"volumeNumber,omitempty"`
	Volume       string `json:"volume,omitempty"`
}

// Editor is an editor of a volume with the role the titleStmt gives.
type Editor struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"` // "primary", "general", …
}

// Idno is a typed identifier such as an ISBN.
type Idno struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Part tells in which part of a volume's text a division stands.
const (
	PartFront = "front"
	PartBody  = "body"
	PartBack  = "back"
)

// Division is a node of a volume's structure tree: a compilation, chapter,
// subchapter, section, part, document group, front-matter section or
// document. Documents are leaves that point to their Document record.
// Non-document divisions keep their own prose (introductions, the preface,
// the lists of persons and terms) as Content.
type Division struct {
	ID      string `json:"id"`
	Type    string `json:"type"`              // div/@type as written; unknown types are kept
	Subtype string `json:"subtype,omitempty"` // div/@subtype
	N       string `json:"n,omitempty"`
	Part    string `json:"part"` // PartFront, PartBody or PartBack
	Head    string `json:"head,omitempty"`
	// Date is a document's normalised date, for lists of documents.
	Date     *Interval  `json:"date,omitempty"`
	Content  *Node      `json:"content,omitempty"` // children other than head and divisions
	Children []Division `json:"children,omitempty"`
}

// IsDocument reports whether the division is a document.
func (d *Division) IsDocument() bool { return d.Type == "document" }

// divisionNames name divisions without a head by their type.
var divisionNames = map[string]string{
	"compilation": "Compilation", "chapter": "Chapter", "subchapter": "Subchapter",
	"section": "Section", "part": "Part", "document": "Document", "persons": "Persons",
	"terms": "Abbreviations and Terms", "preface": "Preface", "sources": "Sources",
	"index": "Index", "toc": "Contents", "appendix": "Appendix", "introduction": "Introduction",
}

// Label is what a division is called in tables of contents and
// breadcrumbs: its head, or, without one, its type and number ("Chapter
// 1", from the printed number or the digits ending its id).
func (d *Division) Label() string {
	if d.Head != "" {
		return d.Head
	}
	name := divisionNames[d.Type]
	if name == "" {
		name = strings.ToUpper(d.Type[:min(1, len(d.Type))]) + d.Type[min(1, len(d.Type)):]
	}
	num := d.N
	if num == "" {
		i := len(d.ID)
		for i > 0 && d.ID[i-1] >= '0' && d.ID[i-1] <= '9' {
			i--
		}
		num = d.ID[i:]
	}
	if num != "" {
		return name + " " + num
	}
	return name
}

// Walk calls fn for every division of the tree in document order, with its
// depth (0 for the top level). It stops early when fn returns false.
func Walk(divs []Division, fn func(d *Division, depth int) bool) bool {
	var walk func([]Division, int) bool
	walk = func(ds []Division, depth int) bool {
		for i := range ds {
			if !fn(&ds[i], depth) || !walk(ds[i].Children, depth+1) {
				return false
			}
		}
		return true
	}
	return walk(divs, 0)
}

// Anchor is an id of a volume's text that is neither a division, a
// document, a page break outside a division's prose nor a footnote of a
// document, with the id of the document or division that shows it.
type Anchor struct {
	ID string `json:"id"`
	In string `json:"in"` // a document or division id
}

// Person is an entry of a volume's list of persons.
type Person struct {
	ID          string `json:"id"`   // e.g. "p_GAA1", local to the volume
	Name        string `json:"name"` // "Gromyko, Andrei A."
	Description string `json:"description,omitempty"`
	// Documents are the ids of the volume's documents that mention the
	// person (persName/@corresp), in volume order.
	Documents []string `json:"documents,omitempty"`
}

// Term is an entry of a volume's list of abbreviations and terms.
type Term struct {
	ID        string `json:"id"`   // e.g. "t_USSR1"
	Term      string `json:"term"` // "USSR"
	Expansion string `json:"expansion,omitempty"`
}

// Page is a printed page as marked by a page break.
type Page struct {
	N        string `json:"n"`                  // the printed number: "534", "XXV", "[II]"
	ID       string `json:"id,omitempty"`       // "pg_534"
	Facs     string `json:"facs,omitempty"`     // scan basename
	Document string `json:"document,omitempty"` // the document in which the page begins, if any
	// Docs are the documents printed on the page — first the Begins of
	// them that begin on it, then those continued onto it — as the
	// volume's page map (package pagemap) keeps them with the volume.
	Docs   []string `json:"docs,omitempty"`
	Begins int      `json:"begins,omitempty"`
}

// PageLabel names a printed page for its marker: "Page 534", "Page
// [II]" (a number the page does not print), or "Unnumbered page" for a
// page the volume gives no number ("[]": a plate, a blank).
func PageLabel(n string) string {
	if strings.Trim(n, "[] ") == "" {
		return "Unnumbered page"
	}
	return "Page " + n
}

// Document kinds (div/@subtype).
const (
	SubtypeHistorical = "historical-document"
	SubtypeEditorial  = "editorial-note"
	SubtypeReferral   = "referral"
)

// Document is one document of a volume: a telegram, memorandum, letter,
// editorial note… with everything a reader and a researcher need.
type Document struct {
	Volume  string `json:"volume"`
	ID      string `json:"id"`                // xml:id, e.g. "d253"
	N       string `json:"n,omitempty"`       // the printed number
	Subtype string `json:"subtype,omitempty"` // div/@subtype as written
	// Type is the kind of document read from its head: TypeTelegram,
	// TypeMemorandumOfConversation, TypeLetter…
	Type    string `json:"type"`
	Ordinal int    `json:"ordinal"` // position among the volume's documents, from 1
	// Parent is the id of the enclosing document when this one is nested
	// inside another (an enclosure), else empty.
	Parent string `json:"parent,omitempty"`
	// Division is the id of the nearest enclosing non-document division.
	Division string `json:"division,omitempty"`

	Title    string    `json:"title"`              // head as plain text, notes removed
	Head     *Node     `json:"head,omitempty"`     // head as inline markup, notes as anchors
	Dateline *Dateline `json:"dateline,omitempty"` // the first dateline outside attachments

	// DateTimeMin and DateTimeMax are the frus:doc-dateTime-min/max
	// attributes as written.
	DateTimeMin string `json:"dateTimeMin,omitempty"`
	DateTimeMax string `json:"dateTimeMax,omitempty"`
	// Date is the normalised interval the document was written in.
	Date *Interval `json:"date,omitempty"`

	SourceNote *Note    `json:"sourceNote,omitempty"`
	Notes      []Note   `json:"notes,omitempty"` // footnotes in order, source note excluded
	Pages      []string `json:"pages,omitempty"` // printed page numbers spanned, first to last
	// OpeningPages are the page breaks that stand just before the document,
	// between divisions: the document begins on those pages, and shows
	// their markers at its top.
	OpeningPages []Page             `json:"openingPages,omitempty"`
	Subject      []string           `json:"subject,omitempty"`
	Participants []ParticipantGroup `json:"participants,omitempty"`
	From         []Mention          `json:"from,omitempty"`
	To           []Mention          `json:"to,omitempty"`
	Mentions     []Mention          `json:"mentions,omitempty"` // persName, gloss, placeName in order
	Refs         []Ref              `json:"refs,omitempty"`
	Attachments  []Attachment       `json:"attachments,omitempty"`
	Signed       []string           `json:"signed,omitempty"`
	Body         *Node              `json:"body"`
	Unknown      map[string]int     `json:"unknown,omitempty"` // unknown elements by name, kept in Body
}

// FirstPage returns the printed number of the page the document begins on.
func (d *Document) FirstPage() string {
	if len(d.Pages) == 0 {
		return ""
	}
	return d.Pages[0]
}

// LastPage returns the printed number of the page the document ends on.
func (d *Document) LastPage() string {
	if len(d.Pages) == 0 {
		return ""
	}
	return d.Pages[len(d.Pages)-1]
}

// SourceLine returns the document's source note when the volume prints it
// in place rather than as a footnote: an unnumbered source note, such as
// legacy volumes' archival file number ("File No. 861.51/357") above the
// head. It returns nil when the source note is a numbered footnote.
func (d *Document) SourceLine() *Note {
	if d.SourceNote == nil || d.SourceNote.N != "" || d.SourceNote.Content == nil {
		return nil
	}
	return d.SourceNote
}

// IsEditorialNote reports whether the document is an editorial note rather
// than a historical document.
func (d *Document) IsEditorialNote() bool {
	return d.Subtype == SubtypeEditorial
}

// Document types, read from the head. Types lists them with their labels.
const (
	TypeEditorialNote            = "editorial-note"
	TypeMemorandumOfConversation = "memorandum-of-conversation"
	TypeTelegram                 = "telegram"
	TypeMinutes                  = "minutes"
	TypeMemorandum               = "memorandum"
	TypeIntelligence             = "intelligence"
	TypeLetter                   = "letter"
	TypeNote                     = "note"
	TypeReport                   = "report"
	TypeCircular                 = "circular"
	TypeMessage                  = "message"
	TypeDespatch                 = "despatch"
	TypeInstruction              = "instruction"
	TypeAgreement                = "agreement"
	TypePaper                    = "paper"
	TypeCorrespondence           = "correspondence"
	TypeOther                    = "other"
)

// Types lists the document types with a label for people, in the order
// they are tried.
var Types = []struct{ Type, Label string }{
	{TypeEditorialNote, "Editorial note"},
	{TypeMemorandumOfConversation, "Memorandum of conversation"},
	{TypeTelegram, "Telegram"},
	{TypeMinutes, "Minutes and records of meetings"},
	{TypeMemorandum, "Memorandum"},
	{TypeIntelligence, "Intelligence estimate"},
	{TypeLetter, "Letter"},
	{TypeNote, "Diplomatic note"},
	{TypeReport, "Report"},
	{TypeCircular, "Circular"},
	{TypeMessage, "Message or statement"},
	{TypeDespatch, "Despatch"},
	{TypeInstruction, "Instruction"},
	{TypeAgreement, "Treaty or agreement"},
	{TypePaper, "Paper"},
	{TypeCorrespondence, "Correspondence"},
	{TypeOther, "Other"},
}

// TypeLabel returns the label of a document type, or the type itself.
func TypeLabel(t string) string {
	for _, x := range Types {
		if x.Type == t {
			return x.Label
		}
	}
	return t
}

// Dateline is where and when a document was written, as printed.
type Dateline struct {
	Text      string `json:"text"`               // the whole dateline as plain text
	Place     string `json:"place,omitempty"`    // placeName text
	DateText  string `json:"dateText,omitempty"` // date element text
	When      string `json:"when,omitempty"`
	From      string `json:"from,omitempty"`
	To        string `json:"to,omitempty"`
	NotBefore string `json:"notBefore,omitempty"`
	NotAfter  string `json:"notAfter,omitempty"`
	Calendar  string `json:"calendar,omitempty"`
}

// Date sources: where a document's interval was read from.
const (
	DateFromAttributes = "doc-dateTime" // frus:doc-dateTime-min/max
	DateFromDateline   = "dateline"     // the date element's attributes
	DateFromText       = "text"         // parsed from the dateline's words
)

// Interval is a closed interval of time in UTC. Dates without a time span
// the whole day, a month its days, a year January 1 to December 31; times
// without a zone are read as US Eastern (UTC−5), as the publisher does.
type Interval struct {
	Min    time.Time `json:"min"`
	Max    time.Time `json:"max"`
	Source string    `json:"source"` // DateFromAttributes, DateFromDateline or DateFromText
}

// Note is a footnote, or the source note of a document.
type Note struct {
	ID      string `json:"id,omitempty"`   // "d253fn3"
	N       string `json:"n,omitempty"`    // the printed marker
	Type    string `json:"type,omitempty"` // "source" for source notes
	Anchor  string `json:"anchor"`         // where the marker stands: "head", "body", "participants", "attachment"…
	Text    string `json:"text"`           // plain text
	Content *Node  `json:"content"`        // rich content
}

// ParticipantGroup is one side of a conversation's participants list.
type ParticipantGroup struct {
	Side   string   `json:"side,omitempty"` // "US", "USSR"; empty when the list has no sides
	People []string `json:"people"`
}

// Mention kinds.
const (
	MentionPerson = "person" // persName
	MentionTerm   = "term"   // gloss
	MentionPlace  = "place"  // placeName
)

// Mention is a tagged name in a document.
type Mention struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
	// Ref is the local id pointed to (persName/@corresp, gloss/@target)
	// without the leading "#".
	Ref  string `json:"ref,omitempty"`
	Role string `json:"role,omitempty"` // @type: "from", "to"
}

// Ref is a cross-reference with its target as written.
type Ref struct {
	Target string `json:"target"`
	Text   string `json:"text"`
	Note   string `json:"note,omitempty"` // id of the note holding the ref, if any
}

// Attachment is a frus:attachment of a document, rendered in place in Body.
type Attachment struct {
	Head string `json:"head,omitempty"`
	Date string `json:"date,omitempty"` // its dateline text, if any
}

// Warning is a problem found in a volume that did not stop it from being
// read: an impossible date, an element Chancery does not know, a missing id.
type Warning struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Kind     string `json:"kind"`
	Document string `json:"document,omitempty"`
	Message  string `json:"message"`
}

func (w Warning) String() string {
	s := w.File
	if w.Line > 0 {
		s += ":" + strconv.Itoa(w.Line)
	}
	if w.Document != "" {
		s += ": " + w.Document
	}
	return s + ": " + w.Kind + ": " + w.Message
}

// Warning kinds.
const (
	WarnUnknownElement = "unknown-element"
	WarnImpossibleDate = "impossible-date"
	WarnUnparsedDate   = "unparsed-date"
	WarnMissingID      = "missing-id"
	WarnDuplicateID    = "duplicate-id"
	WarnNoTitle        = "no-title"
)

// Site is the publisher's site, history.state.gov, where every volume
// and every place in one has its permanent address.
const Site = "https://history.state.gov"

// SiteURL returns the permanent address on history.state.gov of a volume
// (id "") or of a place in it: a document, a note, a page.
func SiteURL(volume, id string) string {
	u := Site + "/historicaldocuments/" + url.PathEscape(volume)
	if id != "" {
		u += "/" + url.PathEscape(id)
	}
	return u
}
