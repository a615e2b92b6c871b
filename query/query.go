// Package query parses Chancery's search language into a query tree that
// each storage backend compiles to its own index's syntax. Nothing here
// knows about SQL.
//
// The language (docs/search.md has the full description):
//
//	test ban             both words (AND is the default), stemmed: "bans" matches
//	"test ban"           the exact phrase
//	"test ban"~10        both words within 10 words of each other
//	nuclear OR atomic    either word
//	-Berlin, NOT Berlin  without the word
//	+word                the word is required (as every word is)
//	(a OR b) c           grouping
//	arbitrat*            any word beginning so; wom?n one letter unknown
//	=office              the word exactly, not stemmed (not "offices")
//	title:Cuba           in the title; person:Gromyko, place:Moscow
//	in:text, in:notes    only the documents' own text, or only the editors' notes
//	cites:frus1961-63v15/d150   documents citing that document (or, without
//	                     it, that volume); cited:frus1961-63v05/d253 documents
//	                     that document (or volume) cites
//	from:rusk-david-dean documents the person sent; to: received; with: took
//	                     part in (a memorandum's participants) — by the
//	                     person's id (package identity)
//
// Matching ignores case and diacritics.
package query

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Limits on a query, so that any input costs a bounded amount of work.
const (
	MaxLength = 1000 // bytes
	MaxWords  = 64
	MaxSlop   = 100
)

// Fields a term can be restricted to.
const (
	FieldTitle  = "title"
	FieldPerson = "person"
	FieldPlace  = "place"
)

// Scopes restrict every term without a field.
const (
	ScopeAll   = ""
	ScopeText  = "text"  // the documents' own text and titles
	ScopeNotes = "notes" // the editors' footnotes and source notes
)

// Query is a parsed query.
type Query struct {
	Root  Expr
	Scope string // ScopeAll, ScopeText or ScopeNotes
	// Links keep only the documents that cite, or are cited by, a
	// document or volume; a query may have them and no words.
	Links []Link
	Input string // the text parsed
}

// Directions of a Link.
const (
	Cites = "cites" // documents citing the place
	Cited = "cited" // documents the place cites
	From  = "from"  // documents the person sent
	To    = "to"    // documents the person received
	With  = "with"  // documents the person took part in: a memorandum's participants
)

// Link is a filter of the citation graph — cites:frus1961-63v15/d150,
// cited:frus1961-63v05 — or of the persons of the documents —
// from:rusk-david-dean, to:, with:.
type Link struct {
	Dir      string // Cites, Cited, From, To or With
	Volume   string
	Document string // "" for the whole volume
	Person   string // the person's id, for From, To and With
}

// OfPerson reports whether the link keeps documents by a person.
func (l Link) OfPerson() bool { return l.Dir == From || l.Dir == To || l.Dir == With }

func (l Link) String() string {
	if l.OfPerson() {
		return l.Dir + ":" + l.Person
	}
	s := l.Dir + ":" + l.Volume
	if l.Document != "" {
		s += "/" + l.Document
	}
	return s
}

// Empty reports whether q has no words to look for: a nil query, or one
// without a tree. A search without words finds every document its filters
// keep.
func (q *Query) Empty() bool { return q == nil || q.Root == nil }

// Expr is a node of the query tree: *And, *Or, *Not, *Term or *Phrase,
// and nothing else — the interface is sealed, so that every store's
// planner can handle each node, and fail on any other rather than drop it.
type Expr interface {
	String() string
	node() // sealed: only this package's node types are Exprs
}

func (*And) node()    {}
func (*Or) node()     {}
func (*Not) node()    {}
func (*Term) node()   {}
func (*Phrase) node() {}

// And matches documents that match every one of Exprs.
type And struct{ Exprs []Expr }

// Or matches documents that match any of Exprs.
type Or struct{ Exprs []Expr }

// Not matches documents that do not match X; it may only stand inside an
// And that also holds something positive.
type Not struct{ X Expr }

// Term is one word. Text is folded: lower case, without diacritics.
type Term struct {
	Text    string
	Literal bool   // "=word": match the word exactly, not its stem
	Prefix  bool   // "word*": any word beginning with Text
	Pattern bool   // Text holds '?' standing for any one letter
	Field   string // "", FieldTitle, FieldPerson or FieldPlace
}

// Phrase is words in sequence (Slop 0) or within Slop words of each other.
type Phrase struct {
	Words []string // folded
	Slop  int
	Field string
}

func (e *And) String() string { return "(" + join(e.Exprs, " AND ") + ")" }
func (e *Or) String() string  { return "(" + join(e.Exprs, " OR ") + ")" }
func (e *Not) String() string { return "NOT " + e.X.String() }
func (e *Term) String() string {
	s := e.Text
	if e.Literal {
		s = "=" + s
	}
	if e.Prefix {
		s += "*"
	}
	if e.Field != "" {
		s = e.Field + ":" + s
	}
	return s
}
func (e *Phrase) String() string {
	s := strconv.Quote(strings.Join(e.Words, " "))
	if e.Slop > 0 {
		s += "~" + strconv.Itoa(e.Slop)
	}
	if e.Field != "" {
		s = e.Field + ":" + s
	}
	return s
}

func join(es []Expr, sep string) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.String()
	}
	return strings.Join(parts, sep)
}

// Error is a query that cannot be run, with what to fix.
type Error struct {
	Pos int // byte offset in the input, or -1
	Msg string
}

func (e *Error) Error() string {
	if e.Pos >= 0 {
		return fmt.Sprintf("query: %s (at character %d)", e.Msg, e.Pos+1)
	}
	return "query: " + e.Msg
}

// Fold returns s in lower case without diacritics, as the index keeps words.
// Words of ASCII and Latin letters (up to U+024F, as nearly every word of
// FRUS is) are folded letter by letter from a table; others by Unicode
// decomposition (foldUnicode), which gives the same for those.
func Fold(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
		case r < latinEnd:
			b.WriteString(latinFolds[r-utf8.RuneSelf])
		default:
			return foldUnicode(s)
		}
	}
	return b.String()
}

// latinEnd is the first letter past the Latin blocks whose folds Fold
// keeps in a table.
const latinEnd = 0x250

// latinFolds holds the fold of each letter from U+0080 to latinEnd, as
// foldUnicode gives it. It is computed once and only read.
var latinFolds = func() (t [latinEnd - utf8.RuneSelf]string) {
	for r := rune(utf8.RuneSelf); r < latinEnd; r++ {
		t[r-utf8.RuneSelf] = foldUnicode(string(r))
	}
	return t
}()

// foldUnicode folds s by decomposing it (NFD), dropping the combining
// marks, composing it again (NFC) and lowering its case.
func foldUnicode(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// ModifierApostrophe (ʼ), which some volumes print for the apostrophe, is a
// letter to Unicode; Chancery treats it as the apostrophe it stands for, so
// that "Khrushchevʼs" holds the word "Khrushchev". The index is fed text
// with it replaced by ’ (U+2019).
const ModifierApostrophe = '\u02BC'

// IsWordRune reports whether r belongs to a word, as the index splits text.
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if r == ModifierApostrophe {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Co, r)
}

// Words splits text into folded words as the index does.
func Words(text string) []string {
	var out []string
	EachWord(text, func(w string) { out = append(out, w) })
	return out
}

// EachWord calls fn with each folded word of text, in order, as Words
// splits them. A word already folded (lower-case ASCII) is passed as a
// substring of text, without a copy: fn must copy what it keeps beyond
// text's life.
func EachWord(text string, fn func(word string)) {
	start := -1
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if IsWordRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			fn(Fold(text[start:i]))
			start = -1
		}
		i += size
	}
	if start >= 0 {
		fn(Fold(text[start:]))
	}
}

// Walk calls fn for e and, depth first, for every node below it, but not
// below a node for which fn returns false.
func Walk(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	switch x := e.(type) {
	case *And:
		for _, c := range x.Exprs {
			Walk(c, fn)
		}
	case *Or:
		for _, c := range x.Exprs {
			Walk(c, fn)
		}
	case *Not:
		Walk(x.X, fn)
	}
}

// PlainWords returns the words of a query made only of words and phrases —
// no operators, fields, wildcards or proximity — in order, or nil. Such a
// query may name a document by its title.
func PlainWords(e Expr) []string {
	switch x := e.(type) {
	case *Term:
		if x.Field != "" || x.Prefix || x.Pattern {
			return nil
		}
		return []string{x.Text}
	case *Phrase:
		if x.Field != "" || x.Slop > 0 {
			return nil
		}
		return x.Words
	case *And:
		var out []string
		for _, c := range x.Exprs {
			w := PlainWords(c)
			if w == nil {
				return nil
			}
			out = append(out, w...)
		}
		return out
	}
	return nil
}
