// Package citation finds citations of the Foreign Relations series in
// plain words — "Foreign Relations, 1961–1963, vol. XV, pp. 370–376",
// "FRUS, 1955–1957, vol. XIV, Document 23", "ibid., vol. VII, pp.
// 589–592", "Document 45" — and maps each to the volume id it means,
// checked against a list of the series' volume ids (the publisher's,
// frus-volume-ids.txt). It is pure: text in, citations out.
//
// A citation names a subseries by its years, perhaps a named volume
// (Russia, the Paris Peace Conference, China …), a supplement, a volume
// and a part, then a place: pages or a document number. "ibid." repeats
// the citation before it in the same text (or the one passed in), with
// what it changes; "vol. VIII, Document 488" and "Document 45" without a
// subseries mean the citing volume's subseries and the citing volume.
package citation

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Citation is a citation found in a text.
type Citation struct {
	Start, End int      `json:"-"`                  // its bytes in the text
	Text       string   `json:"text"`               // as written
	Volume     string   `json:"volume,omitempty"`   // the volume id it cites, if it maps to one
	First      string   `json:"first,omitempty"`    // the first page cited, as printed
	Last       string   `json:"last,omitempty"`     // the last page of a range
	More       []string `json:"more,omitempty"`     // the further pages of a list ("pp. 4, 19, 21–23": 19, 21–23)
	Document   string   `json:"document,omitempty"` // the number of the document cited
	Printed    string   `json:"printed,omitempty"`  // the number printed at the head of a document of the citing volume ("Document No. 151, ante")
	Ibid       bool     `json:"ibid,omitempty"`     // "ibid.": the citation before it, changed
	Broken     string   `json:"broken,omitempty"`   // why it maps to no volume, if it does not
	Fault      string   `json:"fault,omitempty"`    // what is wrong with it, if Broken: FaultUnclear, FaultNoVolume, FaultReversed or FaultNoPage
	Assumed    string   `json:"assumed,omitempty"`  // what was taken that the citation does not say ("part I is taken")

	work work // what it names, for an "ibid." after it
}

// What is wrong with a broken citation (Citation.Fault).
const (
	FaultUnclear  = "unclear"   // it does not say which volume (the year's volumes are in parts)
	FaultNoVolume = "no-volume" // the series has no such volume
	FaultReversed = "reversed"  // a range of pages that ends before it begins
	FaultNoPage   = "no-page"   // its page is left blank ("ante, p. —")
)

// work is what a citation names, before it is mapped to a volume id.
type work struct {
	years string // "1918", "1961-63"
	name  string // "Russia", "Paris" …
	supp  string // "Supp", "Supp02"
	vol   int
	part  int
}

// Context is what a text's citations are read against.
type Context struct {
	// Volume is the citing volume's id: "Document 45" means one of its
	// documents, and "vol. VIII, Document 488" a volume of its subseries.
	Volume string
	// Known reports whether a volume id exists in the series. Nil takes
	// every id built as valid.
	Known func(id string) bool
	// Guess, when Known takes none of the spellings of a volume's id,
	// takes the usual one rather than calling the citation broken: for a
	// Known that lists only some volumes (those a library holds).
	Guess bool
	// Note tells that the text is an editor's note, whose page numbers
	// standing alone ("printed on p. 393") are the citing volume's; in a
	// document's own text they are as often another work's.
	Note bool
	// Before is the citation before the text (in the same document), which
	// an "ibid." at its start repeats; nil if none.
	Before *Citation
}

// Find returns the citations in text, in order.
func Find(text string, c Context) []Citation {
	if !mayCite(text) {
		return nil
	}
	var out []Citation
	prev := c.Before
	since := 0 // where the text after prev begins
	// citationRE, anchored, at each place a citation may begin: the
	// engine then gives up on most places at their first letters, where
	// searching the whole text for its many alternatives cost ten times
	// as much. The places are in order and a match is skipped over, so
	// the citations are those a search of the whole text finds.
	for i := 0; ; {
		j := nextStart(text, i, c.Note)
		if j < 0 {
			return out
		}
		m := citationRE.FindStringSubmatchIndex(text[j:])
		if m == nil {
			i = j + 1
			continue
		}
		for k := range m {
			if m[k] >= 0 {
				m[k] += j
			}
		}
		i = m[1]
		if cit, ok := read(text, m, c, prev); ok {
			if cit.Ibid && !sameSource(text[since:m[0]], cit.Text, text[m[1]:]) {
				continue
			}
			out = append(out, cit)
			// "for 1875, 1879, and 1880": the further years are citations
			// of their own.
			for _, y := range moreYears(text, cit, c) {
				out = append(out, y)
				i = y.End
			}
			prev = &out[len(out)-1]
			since = i
		}
	}
}

// otherSource matches words that name a source other than the series: a
// file of the National Archives, a library's papers, another
// publication. An "ibid." after one of them repeats it, not the series.
//
// It knows the printed cases, counter-cases, arguments and appendixes of
// the arbitrations that early volumes cite by their pages ("Case of the
// United States, p. 108", "British Appendix, vol. iii, p. 2").
var otherSource = regexp.MustCompile(`Archives|Library|Files?\b|\bRG\s+\d|\bLot\s+\d|Bulletin|Public\s+Papers|Current\s+Documents|Documents\s+on|Congressional\s+Record|Papers\s+of|Collection|Diary|Journal|Record\s+Group|Treaties|Statutes|Memoirs|` +
	`\b(?:Case|Counter[- ]?[Cc]ase|Argument|Memorial)\s+of\s+(?:the\s+)?[A-Z]|\b(?:British|American|United\s+[Ss]tates)\s+(?:Case|Counter[- ]?[Cc]ase|Argument|Appendix|Documents|Memorial)\b`)

// OtherSources returns where a text names sources other than the
// series (a file of the National Archives, another publication): an
// "ibid." after one repeats it, and the pages cited after one are its.
func OtherSources(text string) [][]int {
	if !mayNameOther(text) {
		return nil
	}
	return otherSource.FindAllStringIndex(text, -1)
}

// otherWords are words one of which every match of otherSource holds:
// a text without any is passed over without running the expression,
// which is slow over a whole document.
var otherWords = []string{"Archives", "Library", "File", "RG", "Lot", "Bulletin", "Papers", "Documents", "Congressional", "Collection",
	"Diary", "Journal", "Record", "Treaties", "Statutes", "Memoirs", "Case", "ounter", "Argument", "Memorial", "Appendix"}

func mayNameOther(text string) bool {
	for _, w := range otherWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// ibidTail matches what may follow an "ibid." that repeats a citation of
// the series: the end of a sentence or a clause, not more of a reference
// (", S/AL Files: Lot 67 D 2" is a file's).
var ibidTail = regexp.MustCompile(`^\s*(?:$|[.;:)\]]|,\s*(?:and|see|where|which|for|in|as|printed|pp?\.|vol)\b|[a-z])`)

// sameSource reports whether an "ibid." still repeats the citation of the
// series before it: no other source is named between the two (between,
// the text after the citation before), and a bare "ibid." is not
// followed by more of another reference (after).
func sameSource(between, ibid, after string) bool {
	if mayNameOther(between) && otherSource.MatchString(between) {
		return false
	}
	return !strings.EqualFold(strings.TrimSuffix(ibid, "."), "ibid") || ibidTail.MatchString(after)
}

// pointer matches the words pointing to another place of the same volume.
var pointer = regexp.MustCompile(`\b(?:ante|post)\b`)

// clauseBreak ends a clause: a sentence's end, a semicolon.
var clauseBreak = regexp.MustCompile(`[.;]\s+[A-Z(“"]|;`)

// elsewhere matches words that, in the clause before a page number, make
// it a page of another volume or work than the citing one: a volume, the
// series' titles (a citation the parser could not read), an "ibid.", a
// year (a publication's: "(Washington, 1929), pp. 265").
var elsewhere = regexp.MustCompile(`\b(?:[Vv]ol\.|[Vv]olume|Relations|Affairs|[Cc]orrespondence|Papers|[Ii]bid|op\.\s*cit|loc\.\s*cit|[Ss]tat\.|Docs?\.|Cong\.|[Ss]ess\.|Rept\.|Cmd\.|ed\.|(?:Senate|House|Report|Series|Malloy|Hertslet|Martens|Gazette|Times|Journal|Review|Messages|edition|(?:1[6-9]|20)\d\d)\b)`)

// ownPage reports whether a page number standing alone after before
// ("printed on p. 393", "telegram No. 63, July 6, p. 64", "ante, page
// 263") is a page of the citing volume: nothing in its clause names
// another volume or work.
func ownPage(before string) bool {
	clause := before[max(0, len(before)-200):]
	if loc := clauseBreak.FindAllStringIndex(clause, -1); len(loc) > 0 {
		clause = clause[loc[len(loc)-1][1]-1:]
	}
	return !elsewhere.MatchString(clause) && !(mayNameOther(clause) && otherSource.MatchString(clause))
}

// starts are the beginnings of the words a citation may begin with — the
// first words of citationRE's alternatives — by their first letter.
var starts = map[byte][]string{
	'F': {"Foreign", "FRUS"}, 'P': {"Papers", "Paners", "Pepers", "Printed"},
	'A': {"Appendix"}, 'a': {"appendix"},
	'I': {"Ibid"}, 'i': {"ibid"},
	'V': {"Vol", "V."}, 'v': {"vol", "v."},
	'D': {"Doc", "Dip"}, 'd': {"doc", "diplomatic corr"},
	'N': {"No."},
}

// nextStart returns the first place at or after i where a citation may
// begin — a word starting as one of citationRE's alternatives does — or
// -1. The expression is tried only there: most words fail at once here.
func nextStart(text string, i int, notes bool) int {
	for ; i < len(text); i++ {
		switch text[i] {
		case 'F', 'I', 'i', 'V', 'v', 'D', 'd', 'A', 'a', 'N':
			if (i == 0 || !isWordByte(text[i-1])) && startsWith(text[i:], starts[text[i]]) {
				return i
			}
		case 'C': // Congress Papers
			if (i == 0 || !isWordByte(text[i-1])) && strings.HasPrefix(text[i:], "Congress") {
				return i
			}
		case 'p', 'P': // p. 393, pages 216–220: in notes (Context.Note), or with "ante"; printed in vol. v
			if i > 0 && isWordByte(text[i-1]) {
				break
			}
			if barePage(text[i:]) && (notes || pointsBack(text[:i]) || pagePointed.MatchString(text[i:])) || notes && strings.HasPrefix(text[i:], "printed in") {
				return i
			}
			if text[i] == 'P' && startsWith(text[i:], starts['P']) {
				return i
			}
		case '1': // 1905 For. Rel.
			if (i == 0 || !isWordByte(text[i-1])) && i+4 < len(text) && isNumber(text[i:i+4]) && strings.HasPrefix(text[i+4:], " For.") {
				return i
			}
		}
	}
	return -1
}

// pointsBack reports whether text ends with a word pointing to another
// place of the same volume — "ante", "post", "supra", "infra" — and a
// comma or period: the page number after it is the volume's, in a
// document's text too ("see ante, page 263").
func pointsBack(text string) bool {
	text = strings.TrimRight(text, " \t\n")
	text = strings.TrimRight(text, ",.")
	for _, w := range []string{"ante", "post", "supra", "infra"} {
		if rest, ok := strings.CutSuffix(text, w); ok && (rest == "" || !isWordByte(rest[len(rest)-1])) {
			return true
		}
	}
	return false
}

// startsWith reports whether text begins with one of words.
func startsWith(text string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(text, w) {
			return true
		}
	}
	return false
}

// pagePointed matches a page number followed by a word pointing into the
// same volume: "p. 49, ante", "Page 199, above".
var pagePointed = regexp.MustCompile(`^(?:[Pp]p?\.|[Pp]ages?)\s*\d+(?:` + dash + `\d+)?,?\s+(?:ante|post|supra|infra|above|below)\b`)

// barePage reports whether text begins with a page number standing
// alone — "p. 3", "pp. 3", "page 3", "Pages 3" — or a page left blank
// ("p. —").
func barePage(text string) bool {
	if text == "" || text[0] != 'p' && text[0] != 'P' {
		return false
	}
	switch text = text[1:]; {
	case strings.HasPrefix(text, "."):
		text = text[1:]
	case strings.HasPrefix(text, "p."):
		text = text[2:]
	case strings.HasPrefix(text, "ages"):
		text = text[4:]
	case strings.HasPrefix(text, "age"):
		text = text[3:]
	default:
		return false
	}
	text = strings.TrimLeft(text, " \t\n")
	return text != "" && (isDigit(text[0]) || strings.HasPrefix(text, "—") || strings.HasPrefix(text, "–"))
}

// isWordByte reports whether b is an ASCII letter, digit or underscore:
// what \b takes for a word.
func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

// The parts of a citation. Dashes are hyphens, en and em dashes; numbers
// of volumes and parts are roman or arabic.
const (
	dash    = `\s*[-–—]\s*`
	roman   = `[IVXLCivxlc]+`
	number  = `(?:\d+|` + roman + `)`
	pageNum = `(?:\d+|[ivxlcdm]+|[IVXLCDM]+)`
	vol     = `(?:[Vv]ol[.,]|[Vv]\.|[Vv]olume\b)` // "vol," is a misprint some volumes carry
	part    = `(?:[Pp]art\b|[Pp]t\.)`
	sep     = `(?:,+\s*|\.\s+)` // between the parts of a citation: a comma (doubled by misprint), or a period`
	// The series' titles over its years — Papers relating to Foreign
	// Affairs, the Diplomatic Correspondence (as the 1860s called it, and
	// "Congress Papers"), Foreign Relations — with the misprints of real
	// notes ("Paners"), and what may stand between a title and its year
	// ("transmitted to Congress with the annual message of the
	// President, December 4, 1871").
	series = `(?:(?:[Vv]olumes?\s+of\s+(?:the\s+)?(?:our\s+)?[Ff]oreign\s+[Rr]elations|Foreign\s+Relations(?:\s+of\s+the\s+United\s+States)?(?:,?\s+Diplomatic\s+Papers)?|FRUS|P[ae][pn]ers\s+[Rr]elating\s+to\s+(?:the\s+)?[Ff]oreign\s+[Rr]elations(?:\s+of\s+the\s+United\s+States)?|P[ae][pn]ers\s+[Rr]elating\s+to\s+[Ff]oreign\s+[Aa]ffairs|Diplomatic\s+[Cc]orrespondence|[Dd]iplomatic\s+[Cc]orr\.|Dip\.\s+Corr?\.(?:\s+U\.\s*S\.)?|Congress\s+Papers)` +
		`(?:,?\s+(?:laid\s+before|transmitted\s+to|presented\s+to)\s+Congress(?:\s+with\s+the\s+annual\s+message\s+of\s+the\s+President)?(?:,?\s+[A-Z][a-z]+\.?\s+\d{1,2})?)?)`
	named = `(?:(?:The\s+)?Paris\s+Peace\s+Conference|Russia|China|Japan|The\s+Conferences?\s+at\s+Cairo\s+and\s+Tehran|The\s+Conference\s+of\s+Berlin(?:\s+\(The\s+Potsdam\s+Conference\))?|The\s+Conferences\s+at\s+Malta\s+and\s+Yalta|The\s+Conference\s+at\s+Quebec)`
)

// citationRE matches a citation at the start of a text (Find tries it
// where one may begin).
var citationRE = regexp.MustCompile(`^(?:` +
	// 1: the series (or "ibid." of it) and its years (2, 3), or 4: ibid.
	`(?:(?:(` + series + `)[,;.]?\s+(?:for\s+(?:the\s+year\s+)?)?|\b[Ii]bid\.?,\s*)(\d{4})(?:` + dash + `['’]?(\d{2,4}))?|\b([Ii]bid)\.?)` +
	// 5: a named volume; 6: a supplement and 7 its number
	`(?:` + sep + `(` + named + `))?` +
	`(?:` + sep + `(Supplement)(?:\s+(\d+|` + roman + `))?)?` +
	// 8: a part before the volume, 9: the volume, 10: a part after it
	`(?:` + sep + part + `\s*(` + number + `))?` +
	`(?:(?:` + sep + `|\s+)` + vol + `\s*(` + number + `)\b)?` +
	`(?:` + sep + part + `\s*(` + number + `))?` +
	// 11: the first page, 12: the last; 13: a document's number
	`(?:` + sep + `(?:(?:pp?\.|pages?)\s*(` + pageNum + `)(?:` + dash + `(` + pageNum + `))?\b|(?:[Dd]ocument|[Dd]oc\.)\s*(\d+[A-Za-z]?)\b))?` +
	// 14: a volume of the citing subseries with its document or pages
	`|\b` + vol + `\s*(` + number + `),\s*(?:[Dd]ocument|[Dd]oc\.)\s*(\d+[A-Za-z]?)\b` +
	// 16: a document of the citing volume
	`|\b(?:[Dd]ocument|[Dd]oc\.)\s+(\d+[A-Za-z]?)\b` +
	// 17: the year of "1905 For. Rel. pp. 612–614", 18 and 19 its pages
	`|\b(\d{4})\s+For\.\s+Rel\.,?\s+(?:pp?\.\s*)?(\d+)(?:` + dash + `(\d+))?\b` +
	// 20: a page of the citing volume, 21 the last of a range ("printed
	// on p. 393", "ante, pages 216–220", "Page 199, above")
	`|\b(?:[Pp]p?\.|[Pp]ages?)\s*(\d+)(?:` + dash + `(\d+))?\b` +
	// 22: the series again without its year, 23 and 24 its pages ("Papers
	// relating to Foreign Relations of the United States, p. 786" after
	// the same with its year)
	`|(` + series + `)` + sep + `(?:pp?\.|pages?)\s*(\d+)(?:` + dash + `(\d+))?\b` +
	// 25: the number printed at a document's head, of the citing
	// volume, pointed to "ante" or by its page (26), or a page left
	// blank (27): "Document No. 151, ante, page 314", "Document No. 1
	// accompanying the letter …, ante, p. —"
	`|\b[Dd]ocument\s+No\.\s*(\d+)[^.;()\[\]]{0,80}?,\s*(?:(?:ante|post)\b,?\s*)?(?:(?:p\.|page)\s*(?:(\d+)\b|([—–]+)))?` +
	// 28: a page of the citing volume's appendix (29 the last): "appendix
	// to this volume, page 104"
	`|\b[Aa]ppendix\s+to\s+this\s+volume(?:,?\s*(?:pp?\.|pages?)\s*(\d+)(?:` + dash + `(\d+))?\b)?` +
	// 30: a volume of the citing year, in an editor's note, with its
	// pages (31, 32) or document (33): "Printed in vol. v, section on …"
	`|\b[Pp]rinted\s+in\s+` + vol + `\s*(` + number + `)\b(?:,\s*(?:pp?\.|pages?)\s*(\d+)(?:` + dash + `(\d+))?\b|,\s*(?:[Dd]ocument|[Dd]oc\.)\s*(\d+[A-Za-z]?)\b)?` +
	// 34: a page of the citing volume left blank ("see p. —")
	`|\b(?:[Pp]p?\.|[Pp]ages?)\s*([—–]+)` +
	// 35: a number printed at a document's head, with its page (36): "see
	// No. 86, p. 547"
	`|\bNo\.\s*(\d+),\s*(?:(?:ante|post)\b,?\s*)?(?:p\.|page)\s*(\d+)\b)`)

// yearList matches a year after a citation of a whole year: ", 1879",
// ", and 1880", " and 1880".
var yearList = regexp.MustCompile(`^(?:,\s*(?:and\s+)?|\s+and\s+)(1[89]\d\d)\b`)

// yearGoesOn matches what, after a year of a list, makes it part of one
// citation rather than a volume of its own: "1862, 1863, part 1, p. 273"
// is the papers of the session 1862–63.
var yearGoesOn = regexp.MustCompile(`^,?\s*(?:[Pp]art\b|[Pp]t\.|[Vv]ol|pp?\.|pages?\b)`)

// moreYears returns the citations of the years listed after a citation
// of a whole year ("the volumes of foreign relations for 1875, 1879, and
// 1880"), each a whole volume.
func moreYears(text string, cit Citation, c Context) []Citation {
	w := cit.work
	if cit.Ibid || cit.First != "" || cit.Document != "" || w.vol > 0 || w.part > 0 || w.name != "" || w.supp != "" || len(w.years) != 4 {
		return nil
	}
	var out []Citation
	for at := cit.End; ; {
		m := yearList.FindStringSubmatchIndex(text[at:])
		if m == nil || yearGoesOn.MatchString(text[at+m[1]:]) {
			return out
		}
		y := Citation{Start: at + m[2], End: at + m[3], Text: text[at+m[2] : at+m[3]], work: work{years: text[at+m[2] : at+m[3]]}}
		y.name(c)
		out = append(out, y)
		at += m[1]
	}
}

// pageList matches the pages after the first of a list, and pageItem
// each of them: ", 19, 21–23, and 25".
var (
	pageList = regexp.MustCompile(`^(?:,\s*(?:and\s+)?\d+(?:` + dash + `\d+)?\b)+(?:,?\s+and\s+\d+(?:` + dash + `\d+)?\b)?`)
	pageItem = regexp.MustCompile(`(\d+)(?:` + dash + `(\d+))?`)
)

// plural reports whether the pages' word before a page number is plural
// ("pp.", "pages"): a list may follow it.
func plural(before string) bool {
	before = strings.TrimRight(before, " \t\n")
	return strings.HasSuffix(before, "pp.") || strings.HasSuffix(before, "pages")
}

// shortPage is the page after an "ibid." that follows a citation written
// the short way, "1910 For. Rel. 682. Ibid. 683".
var shortPage = regexp.MustCompile(`^\s+(\d{1,4})\b`)

// mayCite reports whether text holds a word every citation has one of,
// so that most notes are passed over without running citationRE.
func mayCite(text string) bool {
	for _, w := range []string{"elations", "ffairs", "FRUS", "bid", "ocument", "oc.", "orrespondence", "Cor.", "Congress Papers", "For. Rel.", "p.", "page", "Page", "ppendix", "rinted in", "No."} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// read reads one match of citationRE as a citation.
func read(text string, m []int, c Context, prev *Citation) (Citation, bool) {
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return text[m[2*i]:m[2*i+1]]
	}
	cit := Citation{Start: m[0], End: m[1], Text: text[m[0]:m[1]]}
	switch {
	case group(22) != "": // the series with pages only: the work before
		if prev == nil || prev.work.years == "" {
			return Citation{}, false
		}
		cit.Ibid, cit.work = true, prev.work
		cit.First, cit.Last = group(23), expand(group(23), group(24))
	case group(20) != "" || group(34) != "": // p. 393: this volume's page
		// "ante" says the volume is the citing one; else, in a note, the
		// words before it must not name another work.
		// "Page 199, above" — a capital only with its pointer: "See
		// Footnote (**), Pages 21 and 22" is an original's pagination.
		// A page left blank in a note is broken whichever work's it is.
		pointed := pointsBack(text[:m[0]]) || pagePointed.MatchString(text[m[0]:]) || group(34) != "" && c.Note
		if c.Volume == "" || !pointed && (text[m[0]] == 'P' || !c.Note || !ownPage(text[:m[0]])) {
			return Citation{}, false
		}
		cit.Volume, cit.First, cit.Last = c.Volume, group(20), expand(group(20), group(21))
		if group(34) != "" {
			cit.Broken, cit.Fault = "the page is left blank", FaultNoPage
			return cit, true
		}
		if cit.Last != "" && reversed(cit.First, cit.Last) {
			cit.Broken, cit.Fault = fmt.Sprintf("pages %s–%s: the range ends before it begins", cit.First, cit.Last), FaultReversed
		}
		return cit, true
	case group(25) != "": // Document No. 151, ante, page 314
		// Pointed to in the citing volume, by "ante" or a page: the
		// number of a congressional paper ("Senate Document No. 106")
		// or of another series' ("Inquiry Document No. 893") is not.
		pointed := group(26) != "" || group(27) != "" || pointer.MatchString(cit.Text)
		if c.Volume == "" || byNumber(c.Volume) || !pointed || congressional(text[:m[0]]) {
			return Citation{}, false
		}
		cit.Volume, cit.Printed, cit.First = c.Volume, group(25), group(26)
		if group(27) != "" {
			cit.Broken, cit.Fault = "the page is left blank", FaultNoPage
		}
		return cit, true
	case group(35) != "": // No. 86, p. 547
		before := text[:m[0]]
		if c.Volume == "" || byNumber(c.Volume) || !(c.Note && ownPage(before) || pointsBack(before) || pointer.MatchString(cit.Text)) {
			return Citation{}, false
		}
		cit.Volume, cit.Printed, cit.First = c.Volume, group(35), group(36)
		return cit, true
	case strings.HasPrefix(strings.ToLower(cit.Text), "appendix"): // appendix to this volume, page 104
		if c.Volume == "" {
			return Citation{}, false
		}
		cit.First, cit.Last = group(28), expand(group(28), group(29))
		cit.Volume, cit.Broken = appendixOf(c.Volume, c.Known)
		if cit.Broken != "" {
			cit.Fault = FaultUnclear
		}
		return cit, true
	case group(30) != "": // Printed in vol. v
		if c.Volume == "" || !c.Note {
			return Citation{}, false
		}
		cit.work = workOf(c.Volume)
		cit.work.vol = toInt(group(30))
		cit.First, cit.Last, cit.Document = group(31), expand(group(31), group(32)), group(33)
	case group(17) != "": // 1905 For. Rel. pp. 612–614
		cit.work = work{years: group(17)}
		cit.First, cit.Last = group(18), expand(group(18), group(19))
	case group(14) != "" || group(16) != "":
		// Documents are cited by number from the 1955–1957 subseries on;
		// before it a number is a congressional paper's ("S. Doc. 55").
		if !byNumber(c.Volume) || congressional(text[:m[0]]) {
			return Citation{}, false
		}
		if group(16) != "" { // Document 45
			cit.Volume, cit.Document = c.Volume, group(16)
			return cit, true
		}
		cit.work = work{years: years(c.Volume), vol: toInt(group(14))} // vol. VIII, Document 488
		cit.Document = group(15)
	default:
		w := work{name: volumeName(group(5)), vol: toInt(group(9)), part: toInt(firstOf(group(8), group(10)))}
		if group(6) != "" {
			w.supp = "Supp"
			if n := toInt(group(7)); n > 0 {
				w.supp = fmt.Sprintf("Supp%02d", n)
			}
		}
		if group(1) == "" && group(2) != "" { // ibid., 1932, vol. v: the series again, another year
			if prev == nil || prev.work.years == "" {
				return Citation{}, false
			}
			cit.Ibid = true
		}
		if group(4) != "" { // ibid.
			if prev == nil || prev.work.years == "" {
				return Citation{}, false // an ibid. of something other than this series
			}
			cit.Ibid = true
			cit.work = prev.work
			if w.vol > 0 { // another volume of the same subseries
				cit.work.vol, cit.work.part, cit.work.name, cit.work.supp = w.vol, w.part, w.name, w.supp
			}
			if w.vol == 0 && group(11) == "" && group(13) == "" {
				cit.First, cit.Last, cit.Document = prev.First, prev.Last, prev.Document
				if n := shortPage.FindStringSubmatchIndex(text[m[1]:]); n != nil && strings.Contains(prev.Text, "For.") {
					// "Ibid. 683" after "1910 For. Rel. 682"
					cit.First, cit.Last, cit.Document = text[m[1]+n[2]:m[1]+n[3]], "", ""
					cit.End = m[1] + n[1]
					cit.Text = text[cit.Start:cit.End]
				}
			}
		} else {
			w.years = yearSpan(group(2), group(3))
			cit.work = w
		}
		cit.First, cit.Last = firstOf(group(11), cit.First), firstOf(expand(group(11), group(12)), cit.Last)
		cit.Document = firstOf(group(13), cit.Document)
		if group(11) != "" && plural(text[:m[22]]) {
			// "pp. 4, 19, 21, and 23": a list of pages.
			if n := pageList.FindStringIndex(text[m[1]:]); n != nil {
				for _, p := range pageItem.FindAllStringSubmatch(text[m[1]:m[1]+n[1]], -1) {
					item := p[1]
					if p[2] != "" {
						item += "–" + expand(p[1], p[2])
					}
					cit.More = append(cit.More, item)
				}
				cit.End = m[1] + n[1]
				cit.Text = text[cit.Start:cit.End]
			}
		}
	}
	cit.name(c)
	if cit.Last != "" && cit.First != "" && reversed(cit.First, cit.Last) {
		cit.Broken = fmt.Sprintf("pages %s–%s: the range ends before it begins", cit.First, cit.Last)
		cit.Fault = FaultReversed
	}
	return cit, true
}

// name sets the volume id of the work a citation names, or why it has
// none (Broken, Fault), and what was assumed to find it.
func (cit *Citation) name(c Context) {
	cit.Volume, cit.Broken, cit.Assumed = cit.work.id(c.Known, c.Guess)
	if cit.Broken != "" {
		cit.Fault = FaultNoVolume
		if cit.work.years == "" || strings.Contains(cit.Broken, "does not say") {
			cit.Fault = FaultUnclear
		}
	}
}

// id returns the volume id a work names, the first of its spellings that
// known takes (or, to guess, the first), or why none is. A year of the
// series before 1880 published in parts or volumes, cited without saying
// which, is taken for its first, and assumed says so: the first part
// opened with the President's message and the correspondence with Great
// Britain, what the later volumes cite most. From 1880 on the parts
// divide the countries, and such a citation is unclear.
func (w work) id(known func(string) bool, guess bool) (id, broken, assumed string) {
	if w.years == "" {
		return "", "no subseries", ""
	}
	base := "frus" + w.years + w.name + w.supp
	bases := []string{base}
	// The volumes of the 1860s are named by one year of a span
	// ("1863–64" is frus1864, "1865–’66" frus1865).
	if from, to, ok := strings.Cut(w.years, "-"); ok && from < "1900" {
		bases = append(bases, "frus"+from+w.name+w.supp, "frus"+from[:2]+to+w.name+w.supp)
	}
	var tries []string
	for _, base := range bases {
		switch {
		case w.vol > 0 && w.part > 0:
			tries = append(tries, fmt.Sprintf("%sv%02dp%d", base, w.vol, w.part), fmt.Sprintf("%sp%dv%d", base, w.part, w.vol), fmt.Sprintf("%sv%dp%d", base, w.vol, w.part))
		case w.vol > 0:
			tries = append(tries, fmt.Sprintf("%sv%02d", base, w.vol), fmt.Sprintf("%sv%d", base, w.vol))
			// Volumes of a year in parts ("1872, vol. 2" of its part 2) are
			// found by their volume number alone when one part holds it;
			// the 1860s called their parts volumes ("1863–64, vol. iii").
			for p := 1; p <= 2; p++ {
				tries = append(tries, fmt.Sprintf("%sp%dv%d", base, p, w.vol))
			}
			tries = append(tries, fmt.Sprintf("%sp%d", base, w.vol))
		case w.part > 0:
			tries = append(tries, fmt.Sprintf("%sp%d", base, w.part))
		default:
			tries = append(tries, base)
		}
	}
	for _, id := range tries {
		if known == nil || known(id) {
			return id, "", ""
		}
	}
	if guess {
		return tries[0], "", ""
	}
	if w.vol == 0 && w.part == 0 {
		for _, first := range []struct{ id, name string }{{base + "p1", "part I"}, {base + "v01", "volume I"}} {
			switch {
			case !known(first.id):
			case w.years < "1880":
				return first.id, "", fmt.Sprintf("the volumes of %s are in parts, and the citation does not say which: %s is taken", w.years, first.name)
			default:
				return "", fmt.Sprintf("the volumes of %s are in parts, and the citation does not say which", w.years), ""
			}
		}
	}
	return "", fmt.Sprintf("no volume %s in the series", tries[0]), ""
}

// appendixOf returns the volume published as the appendix of a volume —
// "frus1902app1" of frus1902, "frus1901China" (Affairs in China) of
// frus1901 — or why there is none that known takes, or more than one.
func appendixOf(volume string, known func(string) bool) (string, string) {
	if known == nil {
		return "", "the appendix of " + volume + " is not known"
	}
	if known(volume + "app") {
		return volume + "app", ""
	}
	if known(volume + "app1") {
		if known(volume + "app2") {
			return "", "the appendix of " + volume + " is in volumes, and the citation does not say which"
		}
		return volume + "app1", ""
	}
	var named []string
	for _, n := range namedVolumes {
		if n.id != "" && known(volume+n.id) {
			named = append(named, volume+n.id)
		}
	}
	if len(named) != 1 {
		return "", "no one volume is the appendix of " + volume
	}
	return named[0], ""
}

// byNumber reports whether a volume's subseries cites documents by
// number: from 1955–1957 on.
func byNumber(volume string) bool {
	y := years(volume)
	return len(y) >= 4 && y[:4] >= "1955"
}

// congressional reports whether the text before a document's number ends
// with the mark of a congressional paper: "S.", "H.", "Ex.", "Senate",
// "House", "Mis.".
func congressional(before string) bool {
	fields := strings.Fields(before)
	if len(fields) == 0 {
		return false
	}
	switch strings.TrimSuffix(fields[len(fields)-1], ",") {
	case "S.", "H.", "R.", "Ex.", "Senate", "House", "Executive", "Mis.", "Misc.":
		return true
	}
	return false
}

// years returns the subseries of a volume id: "1961-63" of
// "frus1961-63v05", "1918" of "frus1918Russiav03".
func years(id string) string {
	s, ok := strings.CutPrefix(id, "frus")
	if !ok || len(s) < 4 {
		return ""
	}
	n := 4
	if len(s) >= 7 && s[4] == '-' && isDigit(s[5]) && isDigit(s[6]) {
		n = 7
	}
	return s[:n]
}

// volumeSuffix matches the end of a volume id that numbers a volume of
// its subseries, and its part: "v04", "v19p1", "p2".
var volumeSuffix = regexp.MustCompile(`(?:v\d+)?(?:p\d+)?$`)

// workOf returns the work of which a volume is a volume: frus1934 of
// frus1934v04, frus1919Paris of frus1919Parisv01.
func workOf(volume string) work {
	y := years(volume)
	if y == "" {
		return work{}
	}
	rest := volume[len("frus")+len(y):]
	return work{years: y, name: volumeSuffix.ReplaceAllString(rest, "")}
}

// yearSpan spells a subseries' years as volume ids do: "1961-63" for
// 1961–1963 or 1961–63.
func yearSpan(from, to string) string {
	if to == "" {
		return from
	}
	if len(to) == 4 {
		to = to[2:]
	}
	return from + "-" + to
}

// namedVolumes are the words naming a volume after its years, and how
// volume ids spell them: "1931–1941, Japan, vol. II" is frus1931-41v02.
var namedVolumes = []struct{ word, id string }{
	{"Paris", "Paris"}, {"Cairo", "CairoTehran"}, {"Berlin", "Berlin"}, {"Malta", "Malta"},
	{"Quebec", "Quebec"}, {"Russia", "Russia"}, {"China", "China"}, {"Japan", ""},
}

// volumeName spells a named volume as volume ids do.
func volumeName(s string) string {
	for _, n := range namedVolumes {
		if strings.Contains(s, n.word) {
			return n.id
		}
	}
	return ""
}

// expand returns the last page of a range written short ("589–92" is
// 589–592), or last as it is.
func expand(first, last string) string {
	if last == "" || !isNumber(first) || !isNumber(last) || len(last) >= len(first) {
		return last
	}
	return first[:len(first)-len(last)] + last
}

// reversed reports whether a range of arabic pages ends before it begins.
func reversed(first, last string) bool {
	a, err1 := strconv.Atoi(first)
	b, err2 := strconv.Atoi(last)
	return err1 == nil && err2 == nil && b < a
}

// toInt reads an arabic or roman number; 0 if it is neither.
func toInt(s string) int {
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return romanValue(strings.ToUpper(s))
}

// romanValue reads a roman number, 0 if it is not one.
func romanValue(s string) int {
	values := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
	total := 0
	for i := 0; i < len(s); i++ {
		v := values[s[i]]
		if v == 0 {
			return 0
		}
		if i+1 < len(s) && values[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total > 3999 {
		return 0
	}
	return total
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// ReadVolumeIDs reads a list of the series' volume ids, one a line (as
// the publisher's frus-volume-ids.txt holds them; blank lines and lines
// starting with # are skipped), from r, named name in errors.
func ReadVolumeIDs(r io.Reader, name string) (map[string]bool, error) {
	ids := map[string]bool{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		id := strings.TrimSpace(sc.Text())
		if id == "" || strings.HasPrefix(id, "#") {
			continue
		}
		if !volumeIDRE.MatchString(id) {
			return nil, fmt.Errorf("%s:%d: not a volume id: %.60q", name, line, id)
		}
		ids[id] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return ids, nil
}

var volumeIDRE = regexp.MustCompile(`^frus[0-9]{4}[0-9A-Za-z-]*$`)
