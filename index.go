package chancery

import (
	"strings"
	"time"

	"github.com/chancery-frus/chancery/query"
)

// IndexFields is the text of a document as a search index keeps it.
type IndexFields struct {
	Title   string // the title
	Text    string // the document's own text: body, attachments, signatures
	Notes   string // the editors' source note and footnotes
	Persons string // names of persons mentioned, as written and as listed
	Places  string // names of places mentioned
}

// PersonNames returns the names of the persons a document mentions, once
// each, in order: the name in the volume's list of persons when the
// mention points to one, else the mention's text.
func (d *Document) PersonNames(persons map[string]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range d.Mentions {
		if m.Kind != MentionPerson {
			continue
		}
		name := persons[m.Ref]
		if name == "" {
			name = strings.Trim(m.Text, " ,.;:()[]")
		}
		if name == "" || seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		out = append(out, name)
	}
	return out
}

// PersonIndex maps a volume's person ids to their names.
func (v *Volume) PersonIndex() map[string]string {
	m := make(map[string]string, len(v.Persons))
	for _, p := range v.Persons {
		m[p.ID] = p.Name
	}
	return m
}

// IndexFields returns what a search index keeps of the document; names
// are the persons it mentions, as PersonNames gives them.
func (d *Document) IndexFields(names []string) IndexFields {
	f := IndexFields{Title: d.Title, Text: d.Body.PlainText()}
	var notes []string
	if d.SourceNote != nil {
		notes = append(notes, d.SourceNote.Text)
	}
	for _, n := range d.Notes {
		notes = append(notes, n.Text)
	}
	f.Notes = strings.Join(notes, "\n")
	var people []string
	for _, m := range d.Mentions {
		if m.Kind == MentionPerson {
			people = append(people, m.Text)
		}
	}
	for _, g := range d.Participants {
		people = append(people, g.People...)
	}
	people = append(people, names...)
	f.Persons = strings.Join(people, "\n")
	var places []string
	if d.Dateline != nil && d.Dateline.Place != "" {
		places = append(places, d.Dateline.Place)
	}
	for _, m := range d.Mentions {
		if m.Kind == MentionPlace {
			places = append(places, m.Text)
		}
	}
	f.Places = strings.Join(places, "\n")
	fix := strings.NewReplacer(string(query.ModifierApostrophe), "’")
	f.Title, f.Text, f.Notes, f.Persons = fix.Replace(f.Title), fix.Replace(f.Text), fix.Replace(f.Notes), fix.Replace(f.Persons)
	return f
}

// Year returns the year a document was written in (of the start of its
// interval, US Eastern time), or 0 when it is undated.
func (d *Document) Year() int {
	if d.Date == nil {
		return 0
	}
	return d.Date.Min.In(eastern).Year()
}

// eastern is US Eastern standard time, the zone the publisher reads FRUS
// dates in.
var eastern = time.FixedZone("UTC-5", -5*60*60)
