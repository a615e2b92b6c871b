package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/identity"
)

// putPeople loads small datasets: the registry lists the test volume's
// entry of Gromyko; POCOM has Rusk, Secretary from 1961; the terms have
// Kennedy.
func putPeople(t testing.TB, s *Server) {
	t.Helper()
	ctx := context.Background()
	for _, d := range []*chancery.Dataset{
		{Name: chancery.DatasetPeople, Loaded: "2026-12-07T10:00:00Z", People: []chancery.RegistryPerson{
			{ID: "105400", Name: "Gromyko, Andrei Andreyevich", Birth: "1909", Death: "1989", Variants: []chancery.NameVariant{{Name: "Gromyko, Andrei A.", Entries: []chancery.PersonEntry{{Volume: "frus1961-63v05", ID: "p_GAA1"}}}}},
			{ID: "111738", Name: "Rusk, David Dean", POCOM: "rusk-david-dean"}}},
		{Name: chancery.DatasetPOCOM, Loaded: "2026-12-07T10:00:00Z",
			Officials: []chancery.Official{{ID: "rusk-david-dean", Surname: "Rusk", Forename: "David Dean", AltName: "Dean Rusk", Birth: "1909", Death: "1994"}},
			Positions: []chancery.Position{{ID: "secretary", Kind: chancery.PositionPrincipal, Name: "Secretary of State"}},
			Tenures:   []chancery.Tenure{{ID: "secr-1961-rusk", Person: "rusk-david-dean", Position: "secretary", Role: "secretary", Started: "1961-01-21", Ended: "1969-01-20"}}},
		{Name: chancery.DatasetTravels, Loaded: "2026-12-07T10:00:00Z", Presidents: []chancery.Presidency{{ID: "kennedy-john-f", Name: "John F. Kennedy", Took: "1961-01-20", Left: "1963-11-22"}}},
	} {
		if err := s.store.PutDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPeoplePages: a document shows who its persons are, read in the
// registry or inferred (with the evidence); a person has a page, found by
// either id, by history.state.gov's address and by name.
func TestPeoplePages(t *testing.T) {
	s, srv := newSearchServer(t)
	base := srv.URL
	if code, body, _ := get(t, base+"/people/rusk-david-dean"); code != http.StatusNotFound || !strings.Contains(body, "chancery get people pocom travels") {
		t.Errorf("before any load: %d", code)
	}
	if _, body, _ := get(t, base+"/historicaldocuments/frus1961-63v05/d253"); strings.Contains(body, `class="people"`) {
		t.Error("a People section without datasets")
	}
	putPeople(t, s)
	if _, _, err := identity.Relink(context.Background(), s.store); err != nil {
		t.Fatal(err)
	}
	_, body, _ := get(t, base+"/historicaldocuments/frus1961-63v05/d253")
	for _, want := range []string{
		`<section class="people"><h2>People</h2>`,
		`Participant: <a href="/people/rusk-david-dean">Dean Rusk</a></dt><dd>The Secretary <span class="inferred" title="inferred by Chancery from “The Secretary” on 1962-10-18: POCOM, Secretary of State: from 1961-01-21, to 1969-01-20">inferred</span>`,
		`Participant: <a href="/people/105400">Gromyko, Andrei Andreyevich</a></dt><dd>`,
		`Participant: <a href="/people/kennedy-john-f">John F. Kennedy</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("d253 without %s", want)
		}
	}
	if strings.Contains(body, `<a href="/people/105400">Gromyko, Andrei Andreyevich</a></dt><dd>Foreign Minister Gromyko <span class="inferred"`) {
		t.Error("an entry the registry lists shown as inferred")
	}
	for _, c := range []struct {
		path  string
		code  int
		words string
	}{
		{"/people/rusk-david-dean", 200, "<h1 id=\"person-name\">Dean Rusk <span class=\"years\">(1909–1994)</span></h1>"},
		{"/people/rusk-david-dean", 200, `<a href="/search?q=with:rusk-david-dean">took part in</a>`},
		{"/people/rusk-david-dean", 200, `frus1961-63v05, 253</a> <span class="citing-title">Memorandum of Conversation</span> <span class="doc-date">1962-10-18</span> <span class="roles">participant</span> <span class="inferred">inferred</span>`},
		{"/people/105400", 200, `<a href="/people/rusk-david-dean">Dean Rusk</a> <span class="count">(1 memorandum)</span>`}, // met most
		{"/search?q=with:rusk-david-dean", 200, "frus1961-63v05/d253"},
		{"/people/111738", 200, "Dean Rusk"}, // redirected to POCOM's id
		{"/departmenthistory/people/rusk-david-dean", 200, "Offices held"},
		{"/people/105400", 200, "frus1961-63v05 — Gromyko, Andrei A."},
		{"/api/v1/people/rusk-david-dean", 200, `"offices":[{"person":"rusk-david-dean"`},
		{"/api/v1/people?q=gromyko", 200, `"id":"105400"`},
		{"/people?q=rusk", 200, `<a href="/people/rusk-david-dean">Dean Rusk</a>`},
		{"/people/nobody", 404, "There is no person nobody"},
		{"/people/105400/network", 200, `<svg xmlns="http://www.w3.org/2000/svg"`},
		{"/people/105400/network", 200, `<td><a href="/people/105400">Gromyko, Andrei Andreyevich</a></td><td><a href="/people/rusk-david-dean">Dean Rusk</a></td><td>1</td>`},
		{"/api/v1/people/105400/network", 200, `{"a":"105400","b":"rusk-david-dean","times":1}`},
		{"/api/v1/people/105400/network?format=csv", 200, "105400,\"Gromyko, Andrei Andreyevich\",rusk-david-dean,Dean Rusk,1"},
		{"/api/v1/people/105400/network?format=xml", 400, "give json or csv"},
		{"/people/nobody/network", 404, "There is no person nobody"},
		{"/people/kennedy-john-f", 200, "President of the United States"}, // a President no other dataset has
		{"/api/v1/people?q=", 400, "give a name"},
		{"/people?q=" + strings.Repeat("x", 300), 400, "at most 200 characters"},
	} {
		code, body, _ := get(t, base+c.path)
		if code != c.code || !strings.Contains(body, c.words) {
			t.Errorf("%s: %d, want %d with %s\n%.300s", c.path, code, c.code, c.words, body)
		}
	}
}
