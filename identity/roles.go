package identity

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"

	"github.com/chancery-frus/chancery/offices"
)

// Office returns who the words naming a person by office are on a date
// (YYYY-MM-DD, or a month or a year): "The Secretary of State", "The
// Secretary", "the President", "the Under Secretary", "the Minister in
// China", "The Ambassador in Russia (Francis)", "Ambassador Thompson". The
// answer is the office's one holder that day, certain; a surname given
// with the office must be the holder's. Anything less — two possible
// holders, a title the holder did not bear (a chargé d'affaires where
// POCOM lists the minister), an acting officer the data does not name —
// is no answer: wrong is worse than unknown.
func (x *Index) Office(words, date string) (Identity, bool) {
	r, ok := readRole(words)
	if !ok {
		return Identity{}, false
	}
	if r.country != "" {
		if r.position, ok = x.country(r.country); !ok {
			return Identity{}, false
		}
	}
	if r.position == "" { // a title and a surname: "Ambassador Thompson"
		return x.titled(r, date)
	}
	if r.acting && r.position == "secretary" {
		r.position = "secretary-ad-interim" // a vacancy's Secretary ad interim; an absence's acting one is not in the data
	}
	hs, err := x.offices.Holders(r.position, date)
	if err != nil {
		return Identity{}, false
	}
	var found []offices.Holding
	for _, h := range hs {
		if h.Certain && h.Acting == r.acting && titleFits(r.title, h) && (r.surname == "" || x.surnameOf(h.Person) == r.surname) {
			found = append(found, h)
		}
	}
	if len(found) != 1 {
		return Identity{}, false
	}
	return x.fromHolding(found[0], words, date), true
}

// titled answers a title with a surname: the one official (or President)
// of that surname, with those initials, who held, certainly, on the date,
// an office the title fits — or, titled only "Mr.", was its appointee
// not yet in post.
func (x *Index) titled(r role, date string) (Identity, bool) {
	var found []offices.Holding
	for _, id := range x.bySurname[r.surname] {
		if !x.hasInitials(id, r.initials) {
			continue
		}
		for _, h := range x.offices.HeldBy(id, date) {
			if h.Certain && titleFits(r.title, h) && (!h.Designate || plainTitle(r.title)) {
				found = append(found, h)
			}
		}
	}
	if len(found) == 0 {
		return x.byGivenNames(r, date)
	}
	for _, h := range found[1:] {
		if h.Person != found[0].Person {
			return Identity{}, false // two officials of that name: never merged
		}
	}
	return x.fromHolding(found[0], strings.TrimSpace(r.title+" "+r.surname), date), true
}

// byGivenNames answers a name given with its forenames or initials ("Mr.
// J. C. Grew", "Mr. John Foster Dulles") that no office held on the date
// answers: the one person of the datasets of that name alive then.
func (x *Index) byGivenNames(r role, date string) (Identity, bool) {
	if !plainTitle(r.title) {
		return Identity{}, false
	}
	// A surname alone is not enough: the datasets hold namesakes of many
	// who are in neither ("Mr. Hammond" of 1793, "Mr. Baruch").
	if len(r.initials) == 0 {
		return Identity{}, false
	}
	y := year(date)
	fits := x.byInitials(r.surname, r.initials, y, y)
	if len(fits) != 1 {
		return Identity{}, false
	}
	out := x.identity(fits[0].id)
	out.How = HowMatched
	out.Evidence = fmt.Sprintf("matched by Chancery: %s %s %s, the one person of that name alive in %d (%s–%s)", r.title, strings.Join(r.initials, " "), r.surname, y, yearText(fits[0].birth), yearText(fits[0].death))
	return out, true
}

// hasInitials reports whether a person's forenames begin with the
// initials given ("t", "j r"); any do when none are.
func (x *Index) hasInitials(id string, initials []string) bool {
	if len(initials) == 0 {
		return true
	}
	var forenames []string
	if o, ok := x.officials[id]; ok {
		forenames = strings.Fields(fold(o.Forename))
	} else if p, ok := x.presidents[id]; ok {
		f := strings.Fields(fold(p.Name))
		forenames = f[:max(len(f)-1, 0)]
	}
	if len(forenames) < len(initials) {
		return false
	}
	for i, in := range initials {
		if !strings.HasPrefix(forenames[i], in) {
			return false
		}
	}
	return true
}

func (x *Index) fromHolding(h offices.Holding, words, date string) Identity {
	out := x.identity(h.Person)
	if _, ok := x.presidents[h.Person]; ok && out.POCOM == "" {
		// A President, by the terms' id: the registry's person of that
		// name, when there is one.
		if id, ok := x.registryByName(h.Name, year(x.presidents[h.Person].Birth)); ok {
			out = x.identity(id)
		}
	}
	out.Name = cmp.Or(out.Name, h.Name)
	out.How = HowOffice
	out.Evidence = "inferred by Chancery from “" + strings.Join(strings.Fields(words), " ") + "” on " + date + ": " + h.Evidence
	return out
}

// surnameOf returns an official's surname, folded.
func (x *Index) surnameOf(person string) string {
	if o, ok := x.officials[person]; ok {
		return fold(o.Surname)
	}
	return ""
}

// role is what words naming a person by office say.
type role struct {
	position string   // the position's id, "" for a title with a surname
	country  string   // the country a chief of mission is in, as written, folded
	title    string   // "ambassador", "minister", "charge", "secretary", "mr" …, folded
	surname  string   // folded
	initials []string // of the forenames, when given: "Mr. J. R. Jones"
	acting   bool
}

// Words naming an office. A head writes "The Ambassador in Russia
// (Francis)", "Mr. Black (Secretary of State)", "Mr. Hunter, Acting
// Secretary of State"; a list of participants "The Secretary", "Ambassador
// Thompson".
var (
	chiefRE  = regexp.MustCompile(`^(ambassador|minister resident|minister|envoy|charge d'affaires ad interim|charge d'affaires|charge|commissioner|diplomatic agent|representative) (?:in|to|at) (?:the )?(.+?)(?: \((.+)\))?$`)
	titledRE = regexp.MustCompile(`^(mr|mrs|ambassador|minister|secretary|under secretary|president|general|colonel|admiral|commodore|captain|judge|honorable) ((?:[a-z]+ )*)([a-z][a-z'-]+)$`)
	parenRE  = regexp.MustCompile(`^(.+?) \((.+)\)$`)
	// americanRE matches an office named as the United States'.
	americanRE = regexp.MustCompile(`\b(?:united states|american|us)\b`)
	// foreignRE matches words naming an office of another government,
	// whose holder POCOM does not list: a surname with them is no
	// American official's.
	foreignRE = regexp.MustCompile(`\b(?:british|french|german|italian|japanese|chinese|russian|soviet|spanish|portuguese|mexican|belgian|dutch|netherland|swiss|austrian|hungarian|polish|turkish|persian|greek|danish|swedish|norwegian|argentine|brazilian|chilean|peruvian|colombian|venezuelan|cuban|canadian|czechoslovak|yugoslav|rumanian|bulgarian|liberian|siamese|egyptian|ethiopian|senate|house|foreign affairs|minister of|ambassador of|charge of)\b`)
)

// readRole reads words naming an office.
func readRole(words string) (role, bool) {
	s := fold(strings.Join(strings.Fields(words), " "))
	s = strings.NewReplacer("’", "'", "chargé", "charge", ".", "").Replace(s)
	s = strings.TrimPrefix(s, "the ")
	var r role
	if rest, ok := strings.CutPrefix(s, "acting "); ok {
		r.acting, s = true, rest
	}
	if m := chiefRE.FindStringSubmatch(s); m != nil {
		r.country, r.title, r.surname = strings.TrimPrefix(m[2], "the "), strings.Fields(m[1])[0], lastWord(m[3])
		return r, true
	}
	// "Mr. Hunter, Acting Secretary of State": the name, the office after it.
	if name, office, ok := strings.Cut(s, ", "); ok && titledRE.MatchString(name) && forenames(titledRE.FindStringSubmatch(name)[2]) {
		inner, ok := readRole(office)
		switch {
		case ok && inner.position != "" && inner.surname == "" && !inner.acting:
			m := titledRE.FindStringSubmatch(name)
			inner.surname, inner.initials = m[3], strings.Fields(m[2])
			return inner, true
		case ok || americanRE.MatchString(office):
			s = name // "Mr. Bigelow, United States minister"
		default:
			return role{}, false // "Mr. Dickinson, district attorney": an office the data does not hold
		}
	}
	if m := parenRE.FindStringSubmatch(s); m != nil {
		// "Mr. Black (Secretary of State)": the office in parentheses.
		if inner, ok := readRole(m[2]); ok && inner.position != "" && inner.surname == "" && titledRE.MatchString(m[1]) {
			t := titledRE.FindStringSubmatch(m[1])
			inner.surname, inner.initials = t[3], strings.Fields(t[2])
			inner.acting = inner.acting || r.acting
			return inner, true
		}
		s, r.surname = m[1], lastWord(m[2])
	}
	switch s {
	case "president", "president of the united states":
		r.position, r.title = offices.President, "president"
	case "secretary", "secretary of state":
		r.position, r.title = "secretary", "secretary"
	case "under secretary", "under secretary of state":
		r.position, r.title = "under-secretary", "under secretary"
	default:
		if m := titledRE.FindStringSubmatch(s); m != nil && !r.acting && r.surname == "" && forenames(m[2]) {
			return role{title: m[1], surname: m[3], initials: strings.Fields(m[2])}, true
		}
		if r.surname != "" && !foreignRE.MatchString(s) {
			// An office these words do not read, with its holder's
			// surname: "the Counselor for the Department of State (Polk)".
			return role{title: "mr", surname: r.surname}, true
		}
		return role{}, false
	}
	return r, true
}

// forenames reports whether words between a title and a surname are
// forenames or initials, not an office's words ("secretary of war").
func forenames(words string) bool {
	for _, w := range strings.Fields(words) {
		switch w {
		case "of", "the", "for", "and", "in", "to", "at", "on", "general", "state", "war", "navy":
			return false
		}
	}
	return true
}

// plainTitle reports whether a title says nothing of an office: "Mr.",
// a military rank, "Judge".
func plainTitle(title string) bool {
	switch title {
	case "mr", "mrs", "general", "colonel", "admiral", "commodore", "captain", "judge", "honorable":
		return true
	}
	return false
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// titleFits reports whether a title the text gives fits a holding: an
// ambassador held an ambassador's title (or was ambassador at large), a
// minister a minister's or an envoy's, a chargé a chargé's.
func titleFits(title string, h offices.Holding) bool {
	id := h.Role
	switch title {
	case "ambassador":
		return strings.Contains(id, "ambassador") || h.Position == "ambassador-at-large" || strings.HasPrefix(h.Position, "representative-to")
	case "minister", "envoy":
		return strings.Contains(id, "minister") || strings.Contains(id, "envoy")
	case "charge":
		return strings.Contains(id, "charge")
	case "commissioner", "diplomatic", "representative":
		return strings.Contains(id, title)
	case "secretary":
		return h.Position == "secretary" || h.Position == "secretary-ad-interim"
	case "under secretary":
		return strings.HasPrefix(h.Position, "under-secretary")
	case "president":
		return h.Position == offices.President
	case "mr", "mrs", "general", "colonel", "admiral", "commodore", "captain", "judge", "honorable":
		return true // any office: the one official of that name in office that day
	}
	return false
}

// country returns the POCOM id of the missions to a country named as the
// volumes name it: "China", "Great Britain", "the Soviet Union".
func (x *Index) country(name string) (string, bool) {
	id := strings.ReplaceAll(name, " ", "-")
	if alias, ok := countryAliases[name]; ok {
		id = alias
	}
	if pos, ok := x.offices.Position(id); ok && pos == id {
		return id, true
	}
	return "", false
}

// countryAliases are the volumes' names of countries whose missions POCOM
// files under another id. It is only read.
var countryAliases = map[string]string{
	"great britain": "united-kingdom", "england": "united-kingdom", "britain": "united-kingdom",
	"soviet union": "russia", "ussr": "russia", "union of soviet socialist republics": "russia",
	"prussia": "germany", "north germany": "germany", "the north german union": "germany", "north german union": "germany",
	"persia": "iran", "siam": "thailand", "holland": "netherlands", "austria-hungary": "austria",
	"salvador": "el-salvador", "argentine republic": "argentina", "santo domingo": "dominican-republic",
	"new granada": "colombia", "united states of colombia": "colombia", "ottoman empire": "turkey",
	"the netherlands": "netherlands", "the two sicilies": "two-sicilies", "the holy see": "holy-see",
}

// registryByName returns the registry's one person called name, written
// "John F. Kennedy", born in the year given (0: any); false when none is,
// or more than one (a father and a son of one name, their births unknown).
func (x *Index) registryByName(name string, born int) (string, bool) {
	f := strings.Fields(name)
	if len(f) < 2 {
		return "", false
	}
	var fits []candidate
	for _, c := range x.byName[nameKey(f[len(f)-1]+", "+strings.Join(f[:len(f)-1], " "))] {
		if born == 0 || c.birth == born {
			fits = append(fits, c)
		}
	}
	if len(fits) == 0 && born > 0 {
		// The registry names him more fully ("Hoover, Herbert Clark"):
		// the one person of that surname and first name born that year.
		prefix := nameKey(f[len(f)-1] + ", " + f[0])
		seen := map[string]bool{}
		for key, cs := range x.byName {
			if key != prefix && !strings.HasPrefix(key, prefix+" ") {
				continue
			}
			for _, c := range cs {
				if c.birth == born && !seen[c.id] {
					seen[c.id] = true
					fits = append(fits, c)
				}
			}
		}
	}
	if len(fits) != 1 {
		return "", false
	}
	return fits[0].id, true
}
