package web

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/identity"
)

// peopleLimit is the most persons a search of names answers.
const peopleLimit = 50

// personEntry is a volume's persons entry a person has, linked when the
// volume is stored here.
type personEntry struct {
	Label, Href string
	Held        bool
}

// personData is what a person's page shows.
type personData struct {
	page
	Person    identity.Person
	Entries   []personEntry
	Years     string // "1909–1994"
	Documents []personYear
	Count     int         // documents
	Met       []personMet // the people met most
}

// personYear is a year of a person's documents.
type personYear struct {
	Year      string
	Documents []personDocument
}

// personDocument is a document a person appears in, with how.
type personDocument struct {
	Href, Label, Title, Date string
	Roles                    []string // "sender", "recipient", "participant", "named"
	Inferred                 bool
}

// personMet is a person met in memoranda, with how often.
type personMet struct {
	Href, Name string
	Times      int
}

// metLimit is how many of the people met most a person's page lists.
const metLimit = 10

var roleWords = map[string]string{identity.KindFrom: "sender", identity.KindTo: "recipient", identity.KindParticipant: "participant", identity.KindMention: "named"}

// personPage is /people/{id}: a person of the series, by POCOM's id or the
// registry's — names, life, offices held, the volumes' entries.
func (s *Server) personPage(w http.ResponseWriter, r *http.Request) {
	x, ok := s.identitiesOrAnswer(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	p, ok := x.Person(id)
	if !ok {
		s.notFound(w, r, "There is no person "+shortID(id)+" in the loaded datasets.", []crumb{{"/people", "Search the people"}})
		return
	}
	if p.ID != id { // a registry id of a person POCOM has: one address for one person
		http.Redirect(w, r, "/people/"+url.PathEscape(p.ID), http.StatusMovedPermanently)
		return
	}
	if isAPI(r.URL.Path) {
		writeJSON(w, http.StatusOK, p)
		return
	}
	data := personData{page: page{Title: p.Name}, Person: p}
	if p.Birth != "" || p.Death != "" {
		data.Years = strings.TrimSpace(p.Birth + "–" + p.Death)
	}
	stored := map[string]bool{}
	if vols, err := s.store.Volumes(r.Context()); err == nil {
		for _, v := range vols {
			stored[v.ID] = true
		}
	} else {
		s.fail(w, r, err)
		return
	}
	for _, n := range p.Names {
		for _, e := range n.Entries {
			pe := personEntry{Label: e.Volume + " — " + n.Name, Held: stored[e.Volume]}
			if pe.Held {
				pe.Href = "/historicaldocuments/" + e.Volume + "/persons#" + e.ID
			} else {
				pe.Href = chancery.SiteURL(e.Volume, "persons") + "#" + e.ID
			}
			data.Entries = append(data.Entries, pe)
		}
	}
	if err := s.personDocuments(r.Context(), &data); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "person", data)
}

// personDocuments fills a person's page with the documents they appear
// in, by year, and the people they met most.
func (s *Server) personDocuments(ctx context.Context, data *personData) error {
	rows, err := s.store.PersonDocuments(ctx, data.Person.ID)
	if err != nil {
		return err
	}
	byDoc := map[string]int{} // volume/document → its place in its year's list
	for _, row := range rows {
		year := "Undated"
		if len(row.Date) >= 4 {
			year = row.Date[:4]
		}
		if n := len(data.Documents); n == 0 || data.Documents[n-1].Year != year {
			data.Documents = append(data.Documents, personYear{Year: year})
		}
		y := &data.Documents[len(data.Documents)-1]
		key := row.Volume + "/" + row.Document
		i, ok := byDoc[key]
		if !ok || i >= len(y.Documents) || y.Documents[i].Href != "/historicaldocuments/"+key {
			y.Documents = append(y.Documents, personDocument{Href: "/historicaldocuments/" + key, Label: row.Volume + ", " + strings.TrimPrefix(row.Document, "d"), Title: row.Title, Date: row.Date})
			i = len(y.Documents) - 1
			byDoc[key] = i
			data.Count++
		}
		d := &y.Documents[i]
		d.Roles = append(d.Roles, roleWords[row.Kind])
		d.Inferred = d.Inferred || row.How != identity.HowRegistry
	}
	co, err := s.store.CoParticipants(ctx, data.Person.ID)
	if err != nil {
		return err
	}
	times, names := map[string]int{}, map[string]string{}
	for _, c := range co {
		if c.Person != data.Person.ID {
			times[c.Person]++
			names[c.Person] = c.Name
		}
	}
	for id, n := range times {
		data.Met = append(data.Met, personMet{Href: "/people/" + url.PathEscape(id), Name: names[id], Times: n})
	}
	slices.SortFunc(data.Met, func(a, b personMet) int { return cmp.Or(b.Times-a.Times, strings.Compare(a.Name, b.Name)) })
	data.Met = data.Met[:min(len(data.Met), metLimit)]
	return nil
}

// identitiesOrAnswer returns the identities of the datasets loaded, or
// answers the request that there are none (or why they cannot be read).
func (s *Server) identitiesOrAnswer(w http.ResponseWriter, r *http.Request) (*identity.Index, bool) {
	x, err := s.identities(r.Context())
	if errors.Is(err, chancery.ErrNotFound) {
		s.notFound(w, r, "There are no people here: the reference datasets are not loaded (chancery get people pocom travels).", nil)
		return nil, false
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return x, true
}

// shortID bounds an id echoed in a message.
func shortID(id string) string {
	if len(id) > 80 {
		return id[:80] + "…"
	}
	return id
}

// departmentPerson is history.state.gov's /departmenthistory/people/{id}
// (a POCOM id): the person's page here.
func (s *Server) departmentPerson(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/people/"+url.PathEscape(r.PathValue("id")), http.StatusMovedPermanently)
}

// peopleResponse is /api/v1/people's answer.
type peopleResponse struct {
	Query  string              `json:"query"`
	People []identity.Identity `json:"people"`
}

// peoplePage is /people?q=…: the persons whose names hold the words
// (also /api/v1/people?q=… as JSON).
func (s *Server) peoplePage(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		s.fail(w, r, chancery.BadRequestf("a name of at most 200 characters, please"))
		return
	}
	x, ok := s.identitiesOrAnswer(w, r)
	if !ok {
		return
	}
	out := peopleResponse{Query: q, People: x.Search(q, peopleLimit)}
	if out.People == nil {
		out.People = []identity.Identity{}
	}
	if isAPI(r.URL.Path) {
		if q == "" {
			s.fail(w, r, chancery.BadRequestf("give a name, as q=rusk"))
			return
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	s.render(w, r, http.StatusOK, "people", struct {
		page
		Name   string
		People []identity.Identity
	}{page{Title: "People"}, q, out.People})
}

// documentPerson is a person of a document as its page shows them.
type documentPerson struct {
	Role     string // "From", "To", "Participant", "Named"
	Text     string // the words of the document
	Href     string // the person's page
	Name     string
	Inferred bool
	Evidence string
}

var roleLabels = map[string]string{identity.KindFrom: "From", identity.KindTo: "To", identity.KindParticipant: "Participant", identity.KindMention: "Named"}

// documentPeople returns who a document's persons are, by the datasets
// loaded; none when none is.
func (s *Server) documentPeople(ctx context.Context, v *chancery.Volume, d *chancery.Document) ([]documentPerson, error) {
	x, iv, err := s.volumeIdentities(ctx, v)
	if x == nil || err != nil {
		return nil, err
	}
	var out []documentPerson
	seen := map[string]bool{}
	for _, r := range x.Document(iv, d) {
		// Each person once a role; one named in the text once in all.
		if seen[r.Kind+"/"+r.ID] || r.Kind == identity.KindMention && seen[r.ID] {
			continue
		}
		seen[r.Kind+"/"+r.ID], seen[r.ID] = true, true
		out = append(out, documentPerson{Role: roleLabels[r.Kind], Text: r.Text, Href: "/people/" + url.PathEscape(r.ID), Name: r.Name, Inferred: r.Inferred(), Evidence: r.Evidence})
	}
	return out, nil
}
