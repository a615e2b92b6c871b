// Package offices answers who held an office on a date: the Secretary of
// State, an Under or Assistant Secretary, the chief of mission in a
// country or to an organisation (Principal Officers and Chiefs of Mission),
// and the President (the Presidents' terms). Each answer keeps its
// evidence — the office, the dates the data gives and their source — and
// says whether the dates make it certain or only possible: a date known
// to the year, a handover day, a holding whose end the data does not give.
//
// It is pure: built from the loaded datasets (package datasets), it reads
// nothing else.
package offices

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/chancery-frus/chancery"
)

// President is the position id of the President of the United States.
const President = "president"

// adInterim is POCOM's position of those in charge while the
// Secretaryship was vacant.
const adInterim = "secretary-ad-interim"

// Holding is a holder of an office on a date, with its evidence.
type Holding struct {
	Person       string `json:"person"`       // the Official's id (POCOM), or the President's (travels)
	Name         string `json:"name"`         // "Dean Rusk"
	Position     string `json:"position"`     // the position's id: "secretary", "china", "president"
	PositionName string `json:"positionName"` // "Secretary of State", "China"
	Role         string `json:"role,omitempty"`
	RoleName     string `json:"roleName,omitempty"` // the title held: "Envoy Extraordinary and Minister Plenipotentiary"
	From         string `json:"from,omitempty"`     // the dates the data gives: started (or appointed)
	To           string `json:"to,omitempty"`       // ended; "" when the data gives none
	Acting       bool   `json:"acting,omitempty"`   // ad interim, in a vacancy
	Appointed    string `json:"appointed,omitempty"`
	// Designate: appointed, not yet in post on the date (HeldBy only).
	Designate bool   `json:"designate,omitempty"`
	Certain   bool   `json:"certain"`  // the dates leave no doubt the office was held that day
	Source    string `json:"source"`   // "pocom", "travels"
	Evidence  string `json:"evidence"` // in words: "POCOM, Secretary of State: started 1961-01-21, ended 1969-01-20"
}

// Index holds the offices of the loaded datasets by position.
type Index struct {
	tenures   map[string][]span   // by position, in order of start
	held      map[string][]string // a person's id → the positions they held
	officials map[string]chancery.Official
	positions map[string]chancery.Position // by id, principal, country or org
	roles     map[string]string            // a title's id → its name
	names     map[string]string            // a position's name, lower case → its id
}

// span is a holding with its dates as intervals of days.
type span struct {
	holding     Holding
	start, end  interval // end is open (zero) when the data gives none
	openEnded   bool
	nextStarted string // the next holder's start, which ends an open holding
}

// New indexes the offices of a POCOM load and a travels load; either may
// be nil.
func New(pocom, travels *chancery.Dataset) *Index {
	x := &Index{held: map[string][]string{}, tenures: map[string][]span{}, officials: map[string]chancery.Official{}, positions: map[string]chancery.Position{}, roles: map[string]string{}, names: map[string]string{}}
	if pocom != nil {
		for _, o := range pocom.Officials {
			x.officials[o.ID] = o
		}
		for _, p := range pocom.Positions {
			if p.Kind == chancery.PositionRole {
				x.roles[p.ID] = p.Name
				continue
			}
			x.positions[p.ID] = p
			x.names[strings.ToLower(p.Name)] = p.ID
		}
		for _, t := range pocom.Tenures {
			p := x.positions[t.Position]
			h := Holding{Person: t.Person, Name: x.name(t.Person), Position: t.Position, PositionName: cmp.Or(p.Name, t.Position), Role: t.Role,
				RoleName: cmp.Or(x.roles[t.Role], roleOf(p, t.Role)), From: cmp.Or(t.Started, t.Appointed), To: t.Ended, Acting: t.Position == adInterim, Appointed: t.Appointed, Source: "pocom"}
			x.add(h)
		}
	}
	if travels != nil {
		x.positions[President] = chancery.Position{ID: President, Kind: chancery.PositionPrincipal, Name: "President of the United States", Plural: "Presidents of the United States"}
		x.names["president"], x.names["president of the united states"] = President, President
		for _, p := range travels.Presidents {
			x.add(Holding{Person: p.ID, Name: p.Name, Position: President, PositionName: "President of the United States", From: p.Took, To: p.Left, Source: "travels"})
		}
	}
	for pos, spans := range x.tenures {
		slices.SortStableFunc(spans, func(a, b span) int { return strings.Compare(a.holding.From, b.holding.From) })
		// A holding whose end the data does not give ended, at the latest,
		// when the next holder started.
		for i := range spans {
			if spans[i].openEnded && i+1 < len(spans) {
				spans[i].nextStarted = spans[i+1].holding.From
			}
		}
		x.tenures[pos] = spans
	}
	return x
}

// roleOf names a principal's title by its position when POCOM's titles do
// not list it ("secretary" is the Secretary of State's).
func roleOf(p chancery.Position, role string) string {
	if role == p.ID {
		return p.Name
	}
	return ""
}

func (x *Index) name(person string) string {
	if o, ok := x.officials[person]; ok {
		return o.Name()
	}
	return person
}

func (x *Index) add(h Holding) {
	s := span{holding: h}
	var ok bool
	if s.start, ok = parseInterval(h.From); !ok {
		return // a holding without a start the data gives cannot be placed
	}
	s.end, ok = parseInterval(h.To)
	s.openEnded = !ok
	src := "POCOM"
	if h.Source == "travels" {
		src = "the Presidents' terms"
	}
	s.holding.Evidence = fmt.Sprintf("%s, %s: from %s, to %s", src, h.PositionName, h.From, cmp.Or(h.To, "(no end given)"))
	x.tenures[h.Position] = append(x.tenures[h.Position], s)
	if !slices.Contains(x.held[h.Person], h.Position) {
		x.held[h.Person] = append(x.held[h.Person], h.Position)
	}
}

// Held returns every holding of a person, in the order they began.
func (x *Index) Held(person string) []Holding {
	var out []Holding
	for _, pos := range x.held[person] {
		for _, s := range x.tenures[pos] {
			if s.holding.Person == person {
				out = append(out, s.holding)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Holding) int { return strings.Compare(a.From, b.From) })
	return out
}

// HeldBy returns the holdings of a person that a date (YYYY, YYYY-MM or
// YYYY-MM-DD) may fall in, each certain as Holders tells it.
func (x *Index) HeldBy(person, date string) []Holding {
	on, ok := parseInterval(date)
	if !ok {
		return nil
	}
	var out []Holding
	for _, pos := range x.held[person] {
		for _, h := range x.holders(pos, on) {
			if h.Person == person {
				out = append(out, h)
			}
		}
		// Appointed and not yet in post: named as its holder is.
		for _, s := range x.tenures[pos] {
			appointed, ok := parseInterval(s.holding.Appointed)
			if s.holding.Person == person && ok && appointed.last <= on.first && on.last < s.start.first {
				h := s.holding
				h.Certain, h.Designate = true, true
				out = append(out, h)
			}
		}
	}
	return out
}

// Position returns the id of a position named by its id or its name
// ("secretary", "Secretary of State", "china", "President"), and whether
// there is one.
func (x *Index) Position(name string) (string, bool) {
	if _, ok := x.tenures[name]; ok {
		return name, true
	}
	id, ok := x.names[strings.ToLower(strings.TrimSpace(name))]
	return id, ok
}

// Positions returns the positions indexed, principal ones first, by name.
func (x *Index) Positions() []chancery.Position {
	var out []chancery.Position
	for _, p := range x.positions {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b chancery.Position) int {
		return cmp.Or(cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), strings.Compare(a.Name, b.Name))
	})
	return out
}

func kindOrder(kind string) int {
	return slices.Index([]string{chancery.PositionPrincipal, chancery.PositionCountry, chancery.PositionOrg}, kind)
}

// Holders returns who held a position on a date (YYYY, YYYY-MM or
// YYYY-MM-DD): every holding the date may fall in, those certain first.
// The Secretary of State's vacancies answer with the Secretary ad
// interim. A position the datasets do not have is an error; a date in no
// holding answers none.
func (x *Index) Holders(position, date string) ([]Holding, error) {
	id, ok := x.Position(position)
	if !ok {
		return nil, fmt.Errorf("no position %q in the loaded datasets (POCOM's ids, like secretary or china, or %s)", position, President)
	}
	on, ok := parseInterval(date)
	if !ok {
		return nil, fmt.Errorf("%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", date)
	}
	out := x.holders(id, on)
	if id == "secretary" && !anyCertain(out) {
		out = append(out, x.holders(adInterim, on)...)
	}
	slices.SortStableFunc(out, func(a, b Holding) int {
		if a.Certain != b.Certain {
			if a.Certain {
				return -1
			}
			return 1
		}
		return 0
	})
	return out, nil
}

func anyCertain(hs []Holding) bool {
	return slices.ContainsFunc(hs, func(h Holding) bool { return h.Certain })
}

// holders returns the holdings of one position the day(s) on may fall in.
// Several holdings may be certain at once (ambassadors at large, career
// ambassadors); but a holding that begins on the date is not certain when
// another may also cover it: a handover day.
func (x *Index) holders(id string, on interval) []Holding {
	var out []Holding
	var begins []int // the holdings of out that begin within the date
	for _, s := range x.tenures[id] {
		end := s.end
		if s.openEnded {
			if s.nextStarted == "" {
				end = interval{first: s.start.first, last: farFuture} // still held, as far as the data says
			} else {
				next, _ := parseInterval(s.nextStarted)
				end = next
			}
		}
		// Possibly held: the holding's widest reading meets the date's;
		// certainly: its narrowest reading holds the whole date.
		if s.start.first > on.last || end.last < on.first {
			continue
		}
		h := s.holding
		h.Certain = !s.openEnded && s.start.last <= on.first && on.last < end.first
		if s.start.last >= on.first {
			begins = append(begins, len(out))
		}
		out = append(out, h)
	}
	if len(out) > 1 {
		for _, i := range begins {
			out[i].Certain = false
		}
	}
	return out
}
