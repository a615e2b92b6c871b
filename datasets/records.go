package datasets

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/chancery-frus/chancery"
)

// The records of the three datasets as their XML files hold them. Only
// what Chancery uses is read; the rest of each file is left.

type xmlRegistryPerson struct {
	ID        string `xml:"id"`
	Preferred string `xml:"names>preferred>name"`
	Originals []struct {
		Name    string   `xml:"name"`
		Sources []string `xml:"source-url"`
	} `xml:"names>originals>original"`
	Birth       string `xml:"birth-year"`
	Death       string `xml:"death-year"`
	Authorities []struct {
		Service string `xml:"service,attr"`
		Value   string `xml:",chardata"`
	} `xml:"authorities>authority"`
}

type xmlOfficial struct {
	ID       string `xml:"id"`
	Surname  string `xml:"persName>surname"`
	Forename string `xml:"persName>forename"`
	AltName  string `xml:"persName>altname"`
	Birth    string `xml:"birth"`
	Death    string `xml:"death"`
}

type xmlDated struct {
	Date string `xml:"date"`
}

type xmlHolding struct {
	ID        string   `xml:"id"`
	Person    string   `xml:"person-id"`
	Role      string   `xml:"role-title-id"`
	Appointed xmlDated `xml:"appointed"`
	Started   xmlDated `xml:"started"`
	Ended     xmlDated `xml:"ended"`
	Note      string   `xml:"note"`
}

// xmlPosition is a principal position (positions-principals), a mission
// to a country (missions-countries) or to an organisation (missions-orgs),
// or a chief's title (roles-country-chiefs).
type xmlPosition struct {
	XMLName   xml.Name
	ID        string       `xml:"id"`
	Territory string       `xml:"territory-id"`
	Category  string       `xml:"category"`
	Singular  string       `xml:"names>singular"`
	Plural    string       `xml:"names>plural"`
	Holders   []xmlHolding `xml:"principals>principal"`
	Chiefs    []xmlHolding `xml:"chiefs>chief"`
}

type xmlPresidents struct {
	Presidents []struct {
		ID    string `xml:"id"`
		Name  string `xml:"name"`
		Birth string `xml:"birth-year"`
		Death string `xml:"death-year"`
		Took  string `xml:"took-office-date"`
		Left  string `xml:"left-office-date"`
	} `xml:"president"`
}

type xmlTrips struct {
	Trips []struct {
		ID      string `xml:"id"`
		Role    string `xml:"role"`
		Who     string `xml:"who,attr"`
		Name    string `xml:"name"`
		Start   string `xml:"start-date"`
		End     string `xml:"end-date"`
		Country struct {
			ID   string `xml:"id,attr"`
			Name string `xml:",chardata"`
		} `xml:"country"`
		Locale  string `xml:"locale"`
		Remarks string `xml:"remarks"`
	} `xml:"trip"`
}

// unmarshal reads one XML file into v, strictly: a DOCTYPE's entities are
// never expanded (an entity bomb is a reference to an unknown entity, an
// error), and the error names the line.
func unmarshal(data []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	err := d.Decode(v)
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &recordError{line: se.Line, msg: se.Msg}
	}
	if err != nil {
		line, _ := d.InputPos()
		return &recordError{line: line, msg: err.Error()}
	}
	return nil
}

// recordError is what is wrong with one file of an archive: it is left
// out of the load, with a warning.
type recordError struct {
	line int
	msg  string
}

func (e *recordError) Error() string { return e.msg }

func malformed(format string, args ...any) error {
	return &recordError{msg: fmt.Sprintf(format, args...)}
}

// dateRE matches the dates the datasets give: a year, a month or a day.
var dateRE = regexp.MustCompile(`^\d{4}(?:-\d{2}(?:-\d{2})?)?$`)

// date returns a date as given, trimmed, or an error naming what it is
// for when it is neither empty nor a date.
func date(s, what string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || dateRE.MatchString(s) {
		return s, nil
	}
	return "", malformed("%s %q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", what, s)
}

// collapse folds a text's white space, as the files wrap their lines.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// registryPerson reads a person of the people registry.
func registryPerson(data []byte) (chancery.RegistryPerson, error) {
	var x xmlRegistryPerson
	if err := unmarshal(data, &x); err != nil {
		return chancery.RegistryPerson{}, err
	}
	p := chancery.RegistryPerson{ID: strings.TrimSpace(x.ID), Name: collapse(x.Preferred), Birth: strings.TrimSpace(x.Birth), Death: strings.TrimSpace(x.Death)}
	if p.ID == "" || p.Name == "" {
		return p, malformed("a person without an id or a preferred name")
	}
	for _, a := range x.Authorities {
		if a.Service == "viaf" {
			p.VIAF = strings.TrimSpace(a.Value)
		}
	}
	for _, o := range x.Originals {
		v := chancery.NameVariant{Name: collapse(o.Name)}
		for _, u := range o.Sources {
			if e, ok := personEntry(u); ok {
				v.Entries = append(v.Entries, e)
			} else if id, ok := pocomPerson(u); ok {
				p.POCOM = id
			}
		}
		if v.Name != "" {
			p.Variants = append(p.Variants, v)
		}
	}
	return p, nil
}

// entryRE and pocomRE match the registry's source addresses: a volume's
// persons entry, and a POCOM person's page.
var (
	entryRE = regexp.MustCompile(`/historicaldocuments/(frus[0-9A-Za-z-]+)/persons#([A-Za-z0-9_.-]+)$`)
	pocomRE = regexp.MustCompile(`/departmenthistory/people/([a-z0-9-]+)$`)
)

func personEntry(url string) (chancery.PersonEntry, bool) {
	m := entryRE.FindStringSubmatch(strings.TrimSpace(url))
	if m == nil {
		return chancery.PersonEntry{}, false
	}
	return chancery.PersonEntry{Volume: m[1], ID: m[2]}, true
}

func pocomPerson(url string) (string, bool) {
	m := pocomRE.FindStringSubmatch(strings.TrimSpace(url))
	if m == nil {
		return "", false
	}
	return m[1], true
}

// official reads a person of POCOM.
func official(data []byte) (chancery.Official, error) {
	var x xmlOfficial
	if err := unmarshal(data, &x); err != nil {
		return chancery.Official{}, err
	}
	o := chancery.Official{ID: strings.TrimSpace(x.ID), Surname: collapse(x.Surname), Forename: collapse(x.Forename), AltName: collapse(x.AltName),
		Birth: strings.TrimSpace(x.Birth), Death: strings.TrimSpace(x.Death)}
	if o.ID == "" || o.Surname == "" {
		return o, malformed("a person without an id or a surname")
	}
	return o, nil
}

// position reads a position of POCOM and its holders. kind is the
// directory it stands in (chancery.PositionPrincipal …).
func position(data []byte, kind string) (chancery.Position, []chancery.Tenure, error) {
	var x xmlPosition
	if err := unmarshal(data, &x); err != nil {
		return chancery.Position{}, nil, err
	}
	p := chancery.Position{ID: strings.TrimSpace(x.ID), Kind: kind, Name: collapse(x.Singular), Plural: collapse(x.Plural), Category: strings.TrimSpace(x.Category)}
	if kind == chancery.PositionCountry {
		// POCOM names a country only by its id: "united-kingdom" is
		// "United Kingdom".
		p.ID = strings.TrimSpace(x.Territory)
		words := strings.Split(p.ID, "-")
		for i, w := range words {
			if w != "" && w != "and" {
				words[i] = strings.ToUpper(w[:1]) + w[1:]
			}
		}
		p.Name = strings.Join(words, " ")
	}
	if p.ID == "" {
		return p, nil, malformed("a <%s> without an id", x.XMLName.Local)
	}
	var out []chancery.Tenure
	for _, h := range append(x.Holders, x.Chiefs...) {
		t := chancery.Tenure{ID: strings.TrimSpace(h.ID), Person: strings.TrimSpace(h.Person), Position: p.ID, Role: strings.TrimSpace(h.Role), Note: collapse(h.Note)}
		if t.Person == "" {
			return p, nil, malformed("holder %q of %s has no person-id", t.ID, p.ID)
		}
		var err error
		for _, d := range []struct {
			to       *string
			from, of string
		}{{&t.Appointed, h.Appointed.Date, "appointed"}, {&t.Started, h.Started.Date, "started"}, {&t.Ended, h.Ended.Date, "ended"}} {
			if *d.to, err = date(d.from, d.of+" date of "+t.ID); err != nil {
				return p, nil, err
			}
		}
		out = append(out, t)
	}
	return p, out, nil
}

// presidents reads the Presidents' terms of office.
func presidents(data []byte) ([]chancery.Presidency, error) {
	var x xmlPresidents
	if err := unmarshal(data, &x); err != nil {
		return nil, err
	}
	var out []chancery.Presidency
	for _, p := range x.Presidents {
		pr := chancery.Presidency{ID: strings.TrimSpace(p.ID), Name: collapse(p.Name), Birth: strings.TrimSpace(p.Birth), Death: strings.TrimSpace(p.Death)}
		var err error
		if pr.Took, err = date(p.Took, "took-office date of "+pr.ID); err != nil {
			return nil, err
		}
		if pr.Left, err = date(p.Left, "left-office date of "+pr.ID); err != nil {
			return nil, err
		}
		if pr.ID == "" || pr.Took == "" {
			return nil, malformed("a president without an id or a took-office date")
		}
		out = append(out, pr)
	}
	if len(out) == 0 {
		return nil, malformed("no <president>")
	}
	return out, nil
}

// trips reads the trips of one President or Secretary.
func trips(data []byte) ([]chancery.Trip, error) {
	var x xmlTrips
	if err := unmarshal(data, &x); err != nil {
		return nil, err
	}
	var out []chancery.Trip
	for _, t := range x.Trips {
		tr := chancery.Trip{ID: strings.TrimSpace(t.ID), Role: strings.TrimSpace(t.Role), Person: strings.TrimSpace(t.Who), Name: collapse(t.Name),
			Country: strings.TrimSpace(t.Country.ID), Locale: collapse(t.Locale), Remarks: collapse(t.Remarks)}
		var err error
		if tr.Start, err = date(t.Start, "start date of trip "+tr.ID); err != nil {
			return nil, err
		}
		if tr.End, err = date(t.End, "end date of trip "+tr.ID); err != nil {
			return nil, err
		}
		if tr.Person == "" || tr.Start == "" {
			return nil, malformed("trip %q without a traveller or a start date", tr.ID)
		}
		out = append(out, tr)
	}
	return out, nil
}
