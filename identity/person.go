package identity

import (
	"cmp"
	"slices"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/offices"
)

// Person is what the datasets say of a person: their names, life, the
// offices they held and the volumes' entries the registry gives them.
type Person struct {
	ID       string                 `json:"id"`
	Name     string                 `json:"name"`
	Registry string                 `json:"registry,omitempty"`
	POCOM    string                 `json:"pocom,omitempty"`
	Birth    string                 `json:"birth,omitempty"`
	Death    string                 `json:"death,omitempty"`
	VIAF     string                 `json:"viaf,omitempty"`
	Names    []chancery.NameVariant `json:"names,omitempty"`   // the registry's variants, each with the entries using it
	Offices  []offices.Holding      `json:"offices,omitempty"` // in the order they began
}

// Person returns what the datasets say of a person by the identity's id
// (POCOM's or the registry's); false if neither has it. A registry id of
// a person POCOM has is answered too, under POCOM's id.
func (x *Index) Person(id string) (Person, bool) {
	if r, ok := x.people[id]; ok && r.POCOM != "" {
		if _, ok := x.officials[r.POCOM]; ok {
			id = r.POCOM
		}
	}
	out := Person{ID: id}
	o, isOfficial := x.officials[id]
	if isOfficial {
		out.POCOM, out.Name, out.Birth, out.Death = id, o.Name(), o.Birth, o.Death
		out.Offices = x.offices.Held(id)
	}
	rid := cmp.Or(x.byPOCOM[id], id)
	if r, ok := x.people[rid]; ok {
		out.Registry, out.Names, out.VIAF = rid, r.Variants, r.VIAF
		out.Name, out.Birth, out.Death = cmp.Or(out.Name, r.Name), cmp.Or(out.Birth, r.Birth), cmp.Or(out.Death, r.Death)
	} else if p, ok := x.presidents[id]; ok && !isOfficial {
		out.Name, out.Birth, out.Death = p.Name, p.Birth, p.Death
		out.Offices = x.offices.Held(id)
	} else if !isOfficial {
		return Person{}, false
	}
	return out, true
}

// Search returns the persons whose names hold every word of q (folded,
// in any order), those whose preferred name holds them first, at most
// limit.
func (x *Index) Search(q string, limit int) []Identity {
	words := strings.Fields(fold(q))
	if len(words) == 0 {
		return nil
	}
	matches := func(name string) bool {
		f := fold(name)
		for _, w := range words {
			if !strings.Contains(f, w) {
				return false
			}
		}
		return true
	}
	seen := map[string]bool{}
	var first, rest []Identity
	add := func(id string, preferred bool) {
		if seen[id] {
			return
		}
		seen[id] = true
		p := x.identity(id)
		if preferred {
			first = append(first, p)
		} else {
			rest = append(rest, p)
		}
	}
	for id, o := range x.officials {
		if matches(o.Name()) || matches(o.Surname+", "+o.Forename) {
			add(id, true)
		}
	}
	for id, r := range x.people {
		pid := cmp.Or(r.POCOM, id)
		if _, ok := x.officials[pid]; !ok {
			pid = id
		}
		switch {
		case matches(r.Name):
			add(pid, true)
		case slices.ContainsFunc(r.Variants, func(v chancery.NameVariant) bool { return matches(v.Name) }):
			add(pid, false)
		}
	}
	byName := func(a, b Identity) int { return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID)) }
	slices.SortFunc(first, byName)
	slices.SortFunc(rest, byName)
	out := append(first, rest...)
	return out[:min(len(out), limit)]
}
