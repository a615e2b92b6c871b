package cite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-frus/chancery"
)

// eastern is the zone the publisher reads dates in: US Eastern standard
// time, UTC−5, all year round.
var eastern = time.FixedZone("UTC-5", -5*60*60)

// work gathers what every style needs, read once from a volume and a
// document.
type work struct {
	v *chancery.Volume
	d *chancery.Document // nil for a volume

	series string // the italic head of the volume's title
	rest   string // the remainder, starting with ", " (or "")
	// seriesTitle is the series title when it stands apart from the
	// volume's title (for the series fields of BibTeX, RIS and CSL).
	seriesTitle string

	editors   []string // names of the cited editors, in order
	place     string
	publisher string
	year      string // four digits, or ""
	isbn      string
	startYear int // first year of the subseries, 0 if unknown

	number      string // the document's printed number
	first, last string // the first and last citable printed pages
	title       string // the document's title
	date        *dateInfo
}

func newWork(v *chancery.Volume, d *chancery.Document) *work {
	w := &work{v: v, d: d}
	t := v.Titles
	w.seriesTitle = clean(t.Series)
	if structured(t) {
		w.series = clean(t.Series)
		var parts []string
		for _, p := range []string{normYears(clean(t.Subseries)), volumeNumber(t), normYears(clean(t.Volume))} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		if len(parts) > 0 {
			w.rest = ", " + strings.Join(parts, ", ")
		}
	} else {
		w.series = strings.TrimSuffix(clean(t.Complete), ".")
		if w.series == "" {
			w.series = clean(v.ID)
		}
	}
	if strings.EqualFold(w.seriesTitle, w.fullTitle()) {
		w.seriesTitle = ""
	}

	w.editors = editors(v)
	w.place = clean(v.PubPlace)
	if w.place == "" {
		w.place = "Washington"
	}
	w.publisher = publisher(v.Publisher)
	w.year = yearRE.FindString(v.PubDate)
	w.isbn = isbn(v)
	w.startYear = startYear(v)

	if d != nil {
		w.number = clean(d.N)
		if w.number == "" {
			if m := docIDRE.FindStringSubmatch(d.ID); m != nil {
				w.number = m[1]
			}
		}
		for _, p := range d.Pages {
			if citablePage(p) {
				if w.first == "" {
					w.first = clean(p)
				}
				w.last = clean(p)
			}
		}
		w.title = clean(d.Title)
		if w.title == "" && w.number != "" {
			w.title = "Document " + w.number
		}
		w.date = newDateInfo(d.Date)
	}
	return w
}

// fullTitle is the volume's title as plain text.
func (w *work) fullTitle() string { return w.series + w.rest }

// titleRich appends the volume's title, series in italics.
func (w *work) titleRich(r *rich) {
	r.italic(w.series)
	r.add(w.rest)
}

// byNumber reports whether the document is cited by its number rather than
// by its pages: from the 1955–1957 subseries on, or when no page is known.
func (w *work) byNumber() bool {
	if w.number == "" {
		return false
	}
	return w.startYear == 0 || w.startYear >= 1955 || w.first == ""
}

// pages returns "p. 5" or "pp. 5–7", or "" when no page is known.
func (w *work) pages() string {
	switch {
	case w.first == "":
		return ""
	case w.first == w.last:
		return "p. " + w.first
	}
	return "pp. " + w.first + "–" + w.last
}

// locator returns where the document stands in the volume: "Document 253"
// or "pp. 534–536" (see byNumber); docWord is "Document" or "document".
func (w *work) locator(docWord string) string {
	if w.d == nil {
		return ""
	}
	if w.byNumber() {
		return docWord + " " + w.number
	}
	return w.pages()
}

var (
	yearRE  = regexp.MustCompile(`\b\d{4}\b`)
	docIDRE = regexp.MustCompile(`^d(\d+[A-Za-z]?)$`)
	volIDRE = regexp.MustCompile(`^frus(\d{4})`)
	// rangeRE matches a year range: "1961-63", "1961–1963", "1969 - 76".
	rangeRE = regexp.MustCompile(`\b(1[6-9]\d\d|20\d\d)\s*[-–—]\s*(\d{4}|\d{2})\b`)
)

// clean collapses runs of white space to one space and trims the ends.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// normYears spells out year ranges in full, joined by an en dash:
// "1961-63" and "1961-1963" become "1961–1963". Forms that could be a date
// ("1962-10-18") and ranges that run backwards are left alone.
func normYears(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range rangeRE.FindAllStringSubmatchIndex(s, -1) {
		if m[1] < len(s) && (s[m[1]] == '-' || s[m[1]] == '/') {
			continue // part of a date
		}
		from, _ := strconv.Atoi(s[m[2]:m[3]])
		to, _ := strconv.Atoi(s[m[4]:m[5]])
		if m[5]-m[4] == 2 {
			if to <= from%100 {
				continue // "1962-10" is a month, not a range
			}
			to += from / 100 * 100
		}
		if to < from {
			continue
		}
		b.WriteString(s[last:m[0]])
		fmt.Fprintf(&b, "%d–%d", from, to)
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// structured reports whether a volume's title is made of its typed parts:
// a series and a subseries that the complete title begins with (or no
// complete title at all).
func structured(t chancery.Titles) bool {
	series, sub := clean(t.Series), clean(t.Subseries)
	if series == "" || sub == "" {
		return false
	}
	complete := clean(t.Complete)
	if complete == "" {
		return true
	}
	head := normYears(series + ", " + sub)
	return strings.HasPrefix(strings.ToLower(normYears(complete)), strings.ToLower(head))
}

// volumeNumber returns the volume number, with the "Part n" that follows it
// in the complete title when the number itself lacks one.
func volumeNumber(t chancery.Titles) string {
	vn := clean(t.VolumeNumber)
	if vn == "" || strings.Contains(strings.ToLower(vn), "part") {
		return vn
	}
	c := clean(t.Complete)
	i := strings.Index(c, vn+", Part ")
	if i < 0 {
		return vn
	}
	part := c[i+len(vn)+2:]
	if j := strings.Index(part, ","); j >= 0 {
		part = part[:j]
	}
	return vn + ", " + part
}

// editors returns the names of the editors to cite: those with role
// "primary", else those without a role.
func editors(v *chancery.Volume) []string {
	var primary, plain []string
	for _, e := range v.Editors {
		n := clean(e.Name)
		if n == "" {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(e.Role)) {
		case "primary":
			primary = append(primary, n)
		case "":
			plain = append(plain, n)
		}
	}
	if len(primary) > 0 {
		return primary
	}
	return plain
}

// publisher shortens the U.S. Government Printing (Publishing) Office to
// the form citations use and keeps other publishers as written.
func publisher(p string) string {
	p = clean(p)
	l := strings.ToLower(p)
	switch {
	case strings.Contains(l, "government printing office"), l == "gpo", l == "u.s. gpo", strings.Contains(l, "g.p.o"):
		return "Government Printing Office"
	case strings.Contains(l, "government publishing office"):
		return "Government Publishing Office"
	}
	return p
}

// isbn returns the volume's ISBN-13, else its ISBN-10, else any ISBN.
func isbn(v *chancery.Volume) string {
	for _, want := range []string{"isbn-13", "isbn-10", ""} {
		for _, id := range v.ISBNs {
			val := clean(id.Value)
			if val != "" && (want == "" || strings.EqualFold(id.Type, want)) {
				return val
			}
		}
	}
	return ""
}

// startYear returns the first year of the volume's subseries, read from the
// subseries title, else from the volume id, else 0.
func startYear(v *chancery.Volume) int {
	if y := yearRE.FindString(v.Titles.Subseries); y != "" {
		n, _ := strconv.Atoi(y)
		return n
	}
	if m := volIDRE.FindStringSubmatch(v.ID); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// citablePage reports whether a printed page number can be cited: not
// blank and not bracketed (an unnumbered page, "[6]").
func citablePage(p string) bool {
	p = strings.TrimSpace(p)
	return p != "" && !strings.HasPrefix(p, "[")
}

// joinAnd joins names as Chicago does: "A", "A and B",
// "A, B, and C".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + ", and " + names[len(names)-1]
}

// Name is a personal name split into its parts.
type Name struct {
	Family string `json:"family,omitempty"`
	Given  string `json:"given,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

// particles are lower-case name particles kept with the family name.
var particles = map[string]bool{
	"de": true, "del": true, "della": true, "der": true, "di": true, "du": true,
	"da": true, "la": true, "le": true, "van": true, "von": true, "ten": true, "ter": true,
}

func isSuffix(s string) bool {
	switch strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), ".")) {
	case "jr", "sr", "ii", "iii", "iv":
		return true
	}
	return false
}

// SplitName splits a name as printed into family and given names:
// "Charles S. Sampson" gives family "Sampson", given "Charles S.". It also
// reads the inverted form "Sampson, Charles S.", keeps a suffix ("Jr.",
// "III") apart and lower-case particles ("van", "de") with the family
// name. A single word is a family name.
func SplitName(s string) Name {
	s = clean(s)
	var n Name
	if parts := strings.Split(s, ","); len(parts) > 1 {
		for i := range parts {
			parts[i] = clean(parts[i])
		}
		if isSuffix(parts[len(parts)-1]) {
			n.Suffix = parts[len(parts)-1]
			parts = parts[:len(parts)-1]
		}
		if len(parts) >= 2 {
			n.Family, n.Given = parts[0], strings.Join(parts[1:], ", ")
			return n
		}
		s = parts[0]
	}
	words := strings.Fields(s)
	if len(words) > 1 && n.Suffix == "" && isSuffix(words[len(words)-1]) {
		n.Suffix = words[len(words)-1]
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return n
	}
	i := len(words) - 1
	for i > 1 && particles[words[i-1]] {
		i--
	}
	if i == 1 && len(words) > 2 && particles[words[0]] {
		i = 0
	}
	n.Family = strings.Join(words[i:], " ")
	n.Given = strings.Join(words[:i], " ")
	return n
}

// inverted returns "Family, Given" or "Family, Given, Suffix" (the form of
// RIS).
func (n Name) inverted() string {
	s := n.Family
	if n.Given != "" {
		s += ", " + n.Given
	}
	if n.Suffix != "" {
		s += ", " + n.Suffix
	}
	return s
}

// dateInfo is a document's date in Eastern time at the precision its
// interval has.
type dateInfo struct {
	from, to time.Time
	prec     int // precYear, precMonth or precDay
}

const (
	precYear = iota + 1
	precMonth
	precDay
)

func newDateInfo(iv *chancery.Interval) *dateInfo {
	if iv == nil || iv.Min.IsZero() {
		return nil
	}
	from := iv.Min.In(eastern)
	to := iv.Max.In(eastern)
	if iv.Max.IsZero() || to.Before(from) {
		to = from
	}
	midnight := from.Hour() == 0 && from.Minute() == 0 && from.Second() == 0
	endOfDay := to.Hour() == 23 && to.Minute() == 59
	di := &dateInfo{from: from, to: to, prec: precDay}
	switch {
	case midnight && endOfDay && from.Month() == time.January && from.Day() == 1 &&
		to.Month() == time.December && to.Day() == 31:
		di.prec = precYear
	case midnight && endOfDay && from.Day() == 1 && to.AddDate(0, 0, 1).Day() == 1:
		di.prec = precMonth
	}
	return di
}

func (di *dateInfo) sameFrom(to time.Time) bool {
	switch di.prec {
	case precYear:
		return di.from.Year() == to.Year()
	case precMonth:
		return di.from.Year() == to.Year() && di.from.Month() == to.Month()
	}
	return di.from.Year() == to.Year() && di.from.YearDay() == to.YearDay()
}

// parts returns the CSL date-parts: one date, or two for a range.
func (di *dateInfo) parts() [][]int {
	one := func(t time.Time) []int {
		p := []int{t.Year(), int(t.Month()), t.Day()}
		return p[:di.prec]
	}
	if di.sameFrom(di.to) {
		return [][]int{one(di.from)}
	}
	return [][]int{one(di.from), one(di.to)}
}

// slashed returns the start date as Google Scholar wants it: "1962/10/18",
// "1866/07" or "1866".
func (di *dateInfo) slashed() string {
	switch di.prec {
	case precYear:
		return di.from.Format("2006")
	case precMonth:
		return di.from.Format("2006/01")
	}
	return di.from.Format("2006/01/02")
}

// human returns the date for people: "October 18, 1962", "October 20–21,
// 1962", "July 1866", "1866".
func (di *dateInfo) human() string {
	f, t := di.from, di.to
	switch di.prec {
	case precYear:
		if f.Year() == t.Year() {
			return f.Format("2006")
		}
		return f.Format("2006") + "–" + t.Format("2006")
	case precMonth:
		switch {
		case di.sameFrom(t):
			return f.Format("January 2006")
		case f.Year() == t.Year():
			return f.Format("January") + "–" + t.Format("January 2006")
		}
		return f.Format("January 2006") + "–" + t.Format("January 2006")
	}
	switch {
	case di.sameFrom(t):
		return f.Format("January 2, 2006")
	case f.Year() == t.Year() && f.Month() == t.Month():
		return f.Format("January 2") + "–" + t.Format("2, 2006")
	case f.Year() == t.Year():
		return f.Format("January 2") + "–" + t.Format("January 2, 2006")
	}
	return f.Format("January 2, 2006") + "–" + t.Format("January 2, 2006")
}
