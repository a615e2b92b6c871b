package identity

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-frus/chancery"
)

// Where a person stands in a document (Resolution.Kind).
const (
	KindFrom        = "from"        // the sender
	KindTo          = "to"          // the recipient
	KindParticipant = "participant" // in a memorandum's list of participants
	KindMention     = "mention"     // named in the text
)

// Resolution is a person of a document and who they are.
type Resolution struct {
	Kind  string `json:"kind"`
	Text  string `json:"text"`            // the words, as printed: "The Secretary", "Francis"
	Entry string `json:"entry,omitempty"` // the volume's persons entry they point to
	Identity
}

// Volume is what a volume's documents are read against: its persons
// entries, each resolved once (Entries), and its years.
type Volume struct {
	ID      string
	Persons map[string]chancery.Person // by entry id
	Entries map[string]Identity        // the entries resolved, by entry id
}

// Entries resolves a volume's persons entries (Entry), for Document.
func (x *Index) Entries(v *chancery.Volume, from, to int) *Volume {
	out := &Volume{ID: v.ID, Persons: map[string]chancery.Person{}, Entries: map[string]Identity{}}
	for _, p := range v.Persons {
		out.Persons[p.ID] = p
		if id, ok := x.Entry(v.ID, p, from, to); ok {
			out.Entries[p.ID] = id
		}
	}
	return out
}

// Document returns who the persons of a document are: its sender and
// recipient (their persName's entry, else the office its head names on the
// document's date, else a title and surname), the participants of a
// memorandum, and the persons its text names with an entry. A person no
// reading answers for is left out.
func (x *Index) Document(v *Volume, d *chancery.Document) []Resolution {
	date := documentDate(d)
	var out []Resolution
	from, to := headSides(d.Title)
	for _, side := range []struct {
		kind     string
		mentions []chancery.Mention
		words    string
	}{{KindFrom, d.From, from}, {KindTo, d.To, to}} {
		found := false
		for _, m := range side.mentions {
			if id, ok := v.Entries[m.Ref]; ok && m.Ref != "" {
				out = append(out, Resolution{Kind: side.kind, Text: m.Text, Entry: m.Ref, Identity: id})
				found = true
			}
		}
		if found || side.words == "" || date == "" {
			continue
		}
		// "Mr. Monroe and Mr. Pinckney": each.
		for _, words := range splitAnd(side.words) {
			if id, ok := x.named(words, date); ok {
				out = append(out, Resolution{Kind: side.kind, Text: words, Identity: id})
			} else if id, ok := x.signed(side.kind, words, d.Signed, date); ok {
				out = append(out, Resolution{Kind: side.kind, Text: words, Identity: id})
			}
		}
	}
	refs := map[string]string{} // a persName's words → its entry, for the participants' lists
	for _, m := range d.Mentions {
		if m.Kind == chancery.MentionPerson && m.Ref != "" {
			refs[m.Text] = m.Ref
		}
	}
	for _, g := range d.Participants {
		for _, p := range g.People {
			if r, ok := x.participant(v, p, date, refs); ok {
				out = append(out, r)
			}
		}
	}
	seen := map[string]bool{}
	for _, m := range d.Mentions {
		if m.Kind != chancery.MentionPerson || m.Ref == "" || m.Role != "" || seen[m.Ref] {
			continue
		}
		seen[m.Ref] = true
		if id, ok := v.Entries[m.Ref]; ok {
			out = append(out, Resolution{Kind: KindMention, Text: m.Text, Entry: m.Ref, Identity: id})
		}
	}
	return out
}

// participant resolves an item of a list of participants: by the entry of
// a persName in it, else by the office it names on the date.
func (x *Index) participant(v *Volume, item, date string, refs map[string]string) (Resolution, bool) {
	item = strings.Join(strings.Fields(item), " ")
	for words, ref := range refs {
		if strings.Contains(item, words) {
			if id, ok := v.Entries[ref]; ok {
				return Resolution{Kind: KindParticipant, Text: item, Entry: ref, Identity: id}, true
			}
		}
	}
	if date == "" {
		return Resolution{}, false
	}
	if id, ok := x.named(item, date); ok {
		return Resolution{Kind: KindParticipant, Text: item, Identity: id}, true
	}
	return Resolution{}, false
}

// signed resolves the sender a head names by an office the data cannot
// answer ("The Acting Secretary of State") by the document's signature:
// the official of that surname in office on the date. Not for an office
// of another government.
func (x *Index) signed(kind, words string, signed []string, date string) (Identity, bool) {
	if kind != KindFrom || len(signed) == 0 || foreignRE.MatchString(fold(words)) {
		return Identity{}, false
	}
	name := strings.Trim(signed[len(signed)-1], " .,;:")
	surname := fold(lastWord(name))
	if surname == "" {
		return Identity{}, false
	}
	id, ok := x.titled(role{title: "mr", surname: surname}, date)
	if ok {
		id.Evidence = "inferred by Chancery from the signature “" + name + "” under “" + words + "”: " + strings.TrimPrefix(id.Evidence, "inferred by Chancery from “mr "+surname+"” on "+date+": ")
	}
	return id, ok
}

// named resolves words naming a person by office or by title and surname.
func (x *Index) named(words, date string) (Identity, bool) {
	words = strings.TrimSpace(strings.Trim(words, ".,;: "))
	return x.Office(words, date)
}

// splitAnd splits words naming two persons by title ("Mr. Monroe and Mr.
// Pinckney"); others are one.
func splitAnd(words string) []string {
	a, b, ok := strings.Cut(words, " and ")
	if !ok || !titledStart.MatchString(a) || !titledStart.MatchString(b) {
		return []string{words}
	}
	return []string{a, b}
}

// titledStart matches words beginning with a title of address.
var titledStart = regexp.MustCompile(`^(?:Mr|Mrs|General|Colonel|Admiral|Captain|Judge|Ambassador|Minister|Secretary|President)\.? [A-Z]`)

// byRE reads the author of a memorandum: "Memorandum by the Under
// Secretary of State (Phillips)".
//
// headRE splits a head naming its sender and recipient: "The Secretary
// of State to the Minister in China (Conger)", "Mr. Fish to Mr.
// Washburne". Its leading number ("No. 74.") is dropped.
var (
	byRE     = regexp.MustCompile(`^(?:No\. \d+\. )?(?:Memorandum|Memorandum of Conversation|Note|Report|Statement|Letter|Telegram|Minute) by (.+?)(?: to (.+?))?\.?$`)
	headRE   = regexp.MustCompile(`^(?:No\. \d+\. )?(.+?) to (.+?)\.?$`)
	headSkip = regexp.MustCompile(`\([^)]*\bto\b[^)]*\)`)
)

// headSides returns the words naming a head's sender and recipient, or
// "" when the head does not read as "A to B".
func headSides(title string) (from, to string) {
	if headSkip.MatchString(title) || strings.Count(title, " to ") > 1 {
		return "", "" // "The Secretary to the Board of Trade to Mr. Hammond": which "to"?
	}
	title = strings.Join(strings.Fields(title), " ")
	if m := byRE.FindStringSubmatch(title); m != nil {
		return m[1], m[2]
	}
	m := headRE.FindStringSubmatch(title)
	if m == nil {
		return "", ""
	}
	return m[1], m[2]
}

// documentDate is the day a document was written, as precisely as it is
// known: its dateline's date (when, else from or notBefore), else its
// date's interval (dateOf). The dateline is often precise where the
// volume gives the documents' intervals by month or year.
func documentDate(d *chancery.Document) string {
	if dl := d.Dateline; dl != nil {
		for _, w := range []string{dl.When, dl.From, dl.NotBefore} {
			if len(w) >= 10 && dayRE.MatchString(w[:10]) {
				return w[:10]
			}
		}
	}
	date := dateOf(d.Date)
	if len(date) < 10 {
		// "Minutes of the Daily Meetings …, Friday, January 31, 1919": the
		// day the head gives, within the date's interval.
		if m := headDayRE.FindStringSubmatch(d.Title); m != nil {
			if t, err := time.Parse("January 2 2006", m[1]+" "+m[2]+" "+m[3]); err == nil && strings.HasPrefix(t.Format("2006-01-02"), date) {
				return t.Format("2006-01-02")
			}
		}
	}
	return date
}

// headDayRE matches a day written in a head: "January 31, 1919".
var headDayRE = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2})(?:st|nd|rd|th)?, (\d{4})\b`)

// dayRE matches a day, YYYY-MM-DD.
var dayRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// dateOf writes a document's date as precisely as it is known: a day, a
// month or a year; "" when it spans more.
func dateOf(d *chancery.Interval) string {
	if d == nil || d.Min.IsZero() {
		return ""
	}
	a, b := d.Min.UTC(), d.Max.UTC()
	switch {
	case a.Format("2006-01-02") == b.Format("2006-01-02"):
		return a.Format("2006-01-02")
	case a.Format("2006-01") == b.Format("2006-01"):
		return a.Format("2006-01")
	case a.Year() == b.Year():
		return a.Format("2006")
	}
	return ""
}

// volumeYearsRE reads the years of a volume from its id: frus1961-63v05
// is of 1961–1963, frus1918Russiav03 of 1918.
var volumeYearsRE = regexp.MustCompile(`^frus(\d{4})(?:-(\d{2}))?`)

// VolumeYears returns the first and last years a volume's id names; 0, 0
// when it names none.
func VolumeYears(id string) (from, to int) {
	m := volumeYearsRE.FindStringSubmatch(id)
	if m == nil {
		return 0, 0
	}
	from = year(m[1])
	to = from
	if m[2] != "" {
		n, _ := strconv.Atoi(m[2])
		to = from/100*100 + n
		if to < from { // frus1899-1901 would be 1899–1901
			to += 100
		}
	}
	return from, to
}
