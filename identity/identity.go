// Package identity tells who a person of the text is, across the series:
// a volume's persons entry by the publisher's registry (the registry lists
// the entries each of its persons has), or, in a volume the registry does
// not cover, by a conservative match of name and dates; and a person named
// by office ("The Secretary of State", "the Minister in China", "Ambassador
// Thompson") by the office's holder on the document's date (package
// offices). Each answer says how it was found and on what evidence; what
// Chancery infers is marked as such, and two candidates that fit equally
// are never merged: the answer is then unknown.
//
// It is pure: built from the loaded datasets, it reads nothing else.
package identity

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/offices"
	"github.com/chancery-frus/chancery/query"
)

// How an identity was found.
const (
	HowRegistry = "registry" // the publisher's registry lists the volume's entry
	HowMatched  = "matched"  // matched by Chancery: the same name, compatible dates, one candidate
	HowOffice   = "office"   // inferred by Chancery from the office named and the document's date
)

// Identity is a person of the series: one id whatever the volumes call
// them — POCOM's id when the person is in it ("rusk-david-dean"), else the
// registry's ("111738").
type Identity struct {
	ID       string `json:"id"`
	Name     string `json:"name"`               // "Dean Rusk", or the registry's "Rusk, David Dean"
	Registry string `json:"registry,omitempty"` // the registry's id, if it has the person
	POCOM    string `json:"pocom,omitempty"`
	How      string `json:"how,omitempty"`      // HowRegistry, HowMatched or HowOffice
	Evidence string `json:"evidence,omitempty"` // in words
}

// Inferred reports whether Chancery inferred the identity rather than read
// it in the publisher's registry.
func (id Identity) Inferred() bool { return id.How != HowRegistry }

// Index is the identities of the loaded datasets.
type Index struct {
	people     map[string]*chancery.RegistryPerson // by registry id
	byEntry    map[chancery.PersonEntry]string     // a volume's entry → registry id
	byPOCOM    map[string]string                   // POCOM id → registry id
	officials  map[string]chancery.Official        // by POCOM id
	presidents map[string]chancery.Presidency      // by the terms' id
	byName     map[string][]candidate              // a folded name → who bears it
	bySurname  map[string][]string                 // a folded surname → POCOM ids (and Presidents')
	fullNames  map[string][]fullName               // a folded surname → every person of the datasets who bears it
	offices    *offices.Index
}

// candidate is a person a name may be: a registry person or an official.
type candidate struct {
	id           string // the identity's id
	birth, death int    // 0 when not known
}

// New indexes the identities of the loads of the three datasets; any may
// be nil.
func New(people, pocom, travels *chancery.Dataset) *Index {
	x := &Index{people: map[string]*chancery.RegistryPerson{}, byEntry: map[chancery.PersonEntry]string{}, byPOCOM: map[string]string{},
		officials: map[string]chancery.Official{}, presidents: map[string]chancery.Presidency{}, byName: map[string][]candidate{}, bySurname: map[string][]string{}, fullNames: map[string][]fullName{}, offices: offices.New(pocom, travels)}
	if pocom != nil {
		for _, o := range pocom.Officials {
			x.officials[o.ID] = o
			c := candidate{id: o.ID, birth: year(o.Birth), death: year(o.Death)}
			x.addName(o.Surname+", "+o.Forename, c)
			surname := fold(o.Surname)
			x.bySurname[surname] = append(x.bySurname[surname], o.ID)
		}
	}
	if travels != nil {
		for _, p := range travels.Presidents {
			x.presidents[p.ID] = p
			surname := fold(lastWord(p.Name))
			x.bySurname[surname] = append(x.bySurname[surname], p.ID)
		}
	}
	if people != nil {
		for i := range people.People {
			p := &people.People[i]
			x.people[p.ID] = p
			if p.POCOM != "" {
				x.byPOCOM[p.POCOM] = p.ID
			}
			c := candidate{id: cmp.Or(p.POCOM, p.ID), birth: year(p.Birth), death: year(p.Death)}
			x.addName(p.Name, c)
			for _, v := range p.Variants {
				x.addName(v.Name, c)
				for _, e := range v.Entries {
					x.byEntry[e] = p.ID
				}
			}
		}
	}
	return x
}

// fullName is a person's name as the datasets give it, for names with
// initials: "Caldwell, John K." is "Caldwell, John Kenneth".
type fullName struct {
	candidate
	forenames []string // folded
}

// addName files a candidate under a name, once.
func (x *Index) addName(name string, c candidate) {
	key := nameKey(name)
	if key == "" {
		return
	}
	if f := strings.Fields(key); len(f) > 1 {
		x.fullNames[f[0]] = append(x.fullNames[f[0]], fullName{c, f[1:]})
	}
	for _, have := range x.byName[key] {
		if have.id == c.id {
			return
		}
	}
	x.byName[key] = append(x.byName[key], c)
}

// Offices returns the offices index the identities use.
func (x *Index) Offices() *offices.Index { return x.offices }

// identity returns the identity of a registry person or an official by
// the identity's id.
func (x *Index) identity(id string) Identity {
	out := Identity{ID: id}
	if o, ok := x.officials[id]; ok {
		out.POCOM, out.Name = id, o.Name()
		out.Registry = x.byPOCOM[id]
		return out
	}
	if p, ok := x.people[id]; ok {
		out.Registry, out.Name = id, p.Name
	} else if p, ok := x.presidents[id]; ok {
		out.Name = p.Name
	}
	return out
}

// Entry returns who a volume's persons entry is: the registry's person
// when the registry lists the entry; else, for a volume of the years
// given (the first and last year its documents bear; 0 when unknown), the
// one person whose name and life fit; else false.
func (x *Index) Entry(volume string, p chancery.Person, from, to int) (Identity, bool) {
	if rid, ok := x.byEntry[chancery.PersonEntry{Volume: volume, ID: p.ID}]; ok {
		r := x.people[rid]
		out := x.identity(cmp.Or(r.POCOM, rid))
		out.How, out.Evidence = HowRegistry, fmt.Sprintf("the registry lists %s#%s as person %s", volume, p.ID, rid)
		return out, true
	}
	var fits []candidate
	for _, c := range x.byName[nameKey(p.Name)] {
		if alive(c, from, to) && !slices.ContainsFunc(fits, func(f candidate) bool { return f.id == c.id }) {
			fits = append(fits, c)
		}
	}
	if len(fits) == 0 {
		// "Caldwell, John K.": the one person whose forenames the
		// initials begin.
		key := strings.Fields(nameKey(p.Name))
		if len(key) > 1 {
			fits = x.byInitials(key[0], key[1:], from, to)
		}
	}
	if len(fits) != 1 {
		return Identity{}, false // none, or two that fit equally: never merged
	}
	out := x.identity(fits[0].id)
	out.How = HowMatched
	out.Evidence = fmt.Sprintf("matched by Chancery: the name %q, and a life (%s–%s) compatible with the volume's years; no other person fits", p.Name, yearText(fits[0].birth), yearText(fits[0].death))
	return out, true
}

// byInitials returns the persons of a surname, alive in the years from–to,
// whose forenames the given ones are or begin with, word for word, an
// initial standing for a forename ("john k" is "John Kenneth"; "j c" is
// "Joseph Clark"), each once.
func (x *Index) byInitials(surname string, given []string, from, to int) []candidate {
	var out []candidate
	for _, f := range x.fullNames[surname] {
		if len(f.forenames) != len(given) || !alive(f.candidate, from, to) || slices.ContainsFunc(out, func(c candidate) bool { return c.id == f.id }) {
			continue
		}
		ok := true
		for i, g := range given {
			w := f.forenames[i]
			if !(g == w || len(g) == 1 && strings.HasPrefix(w, g)) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, f.candidate)
		}
	}
	return out
}

// alive reports whether a person may appear in documents of the years
// from–to: born at least 20 years before the last (of age, in office), dead no earlier than
// the first (a person is often named in the year of their death, and the
// dead are named too: only the living are matched here, to be sure).
func alive(c candidate, from, to int) bool {
	if to > 0 && c.birth > 0 && c.birth > to-20 {
		return false
	}
	if from > 0 && c.death > 0 && c.death < from {
		return false
	}
	return true
}

// nameKey is how names are compared: "Surname, Forenames" folded (lower
// case, no diacritics), its titles and punctuation dropped — "Gromyko,
// Andrei A." is "gromyko andrei a". Forenames are kept whole: "Smith,
// John" is not "Smith, James".
func nameKey(name string) string {
	surname, forenames, _ := strings.Cut(name, ",")
	split := func(s string) []string {
		return strings.FieldsFunc(fold(s), func(r rune) bool { return !query.IsWordRune(r) })
	}
	key := strings.Join(split(surname), " ")
	if key == "" {
		return ""
	}
	for _, w := range split(forenames) {
		switch w {
		case "mr", "mrs", "sir", "lord", "jr", "sr", "dr", "general", "admiral", "baron", "count", "the",
			"colonel", "captain", "major", "lieutenant", "hon", "honorable", "judge", "senator":
			continue
		}
		key += " " + w
	}
	return key
}

func fold(s string) string { return query.Fold(strings.TrimSpace(s)) }

// year reads a year as the datasets give it; 0 when there is none.
func year(s string) int {
	s = strings.TrimSpace(s)
	if len(s) < 4 {
		return 0
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil {
		return 0
	}
	return y
}

func yearText(y int) string {
	if y == 0 {
		return "?"
	}
	return strconv.Itoa(y)
}
