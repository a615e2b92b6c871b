package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
)

// TestAPIOffices: who held an office on a date, from the loads stored;
// a newer load is answered from at once.
func TestAPIOffices(t *testing.T) {
	s, srv := newSearchServer(t)
	ctx := context.Background()
	base := srv.URL + "/api/v1/offices"
	if code, body, _ := get(t, base+"?position=secretary&date=1962-10-18"); code != http.StatusNotFound || !strings.Contains(body, "chancery get pocom travels") {
		t.Errorf("before any load: %d %s", code, body)
	}
	pocom := &chancery.Dataset{Name: chancery.DatasetPOCOM, Loaded: "2026-12-07T10:00:00Z",
		Officials: []chancery.Official{{ID: "rusk-david-dean", Surname: "Rusk", AltName: "Dean Rusk"}, {ID: "herter", Surname: "Herter"}},
		Positions: []chancery.Position{{ID: "secretary", Kind: chancery.PositionPrincipal, Name: "Secretary of State"}},
		Tenures:   []chancery.Tenure{{ID: "secr-1961-rusk", Person: "rusk-david-dean", Position: "secretary", Role: "secretary", Started: "1961-01-21", Ended: "1969-01-20"}}}
	if err := s.store.PutDataset(ctx, pocom); err != nil {
		t.Fatal(err)
	}
	var got officesResponse
	code, body, _ := get(t, base+"?position=Secretary+of+State&date=1962-10-18")
	if err := json.Unmarshal([]byte(body), &got); code != http.StatusOK || err != nil || got.Position != "secretary" || len(got.Holders) != 1 ||
		got.Holders[0].Name != "Dean Rusk" || !got.Holders[0].Certain || !strings.Contains(got.Holders[0].Evidence, "POCOM") {
		t.Errorf("the Secretary on 1962-10-18: %d %s", code, body)
	}
	// A newer load is read at once.
	pocom.Loaded = "2026-12-08T10:00:00Z"
	pocom.Tenures = append(pocom.Tenures, chancery.Tenure{ID: "secr-1959-hert", Person: "herter", Position: "secretary", Role: "secretary", Started: "1959-04-22", Ended: "1961-01-20"})
	if err := s.store.PutDataset(ctx, pocom); err != nil {
		t.Fatal(err)
	}
	if code, body, _ = get(t, base+"?position=secretary&date=1960"); code != http.StatusOK || !strings.Contains(body, `"name":"Herter"`) {
		t.Errorf("after a newer load: %d %s", code, body)
	}
	for _, c := range []struct {
		query string
		code  int
		words string
	}{
		{"?position=secretary&date=1958-01-01", http.StatusOK, `"holders":[]`},
		{"?position=treasury&date=1962", http.StatusNotFound, `no position \"treasury\"`},
		{"?position=" + strings.Repeat("x", 5000) + "&date=" + strings.Repeat("9", 5000), http.StatusNotFound, "no position"},
		{"?position=secretary&date=yesterday", http.StatusBadRequest, "is not a date"},
		{"?position=secretary", http.StatusBadRequest, "give a position and a date"},
	} {
		if code, body, _ := get(t, base+c.query); code != c.code || !strings.Contains(body, c.words) {
			t.Errorf("%s: %d %s, want %d with %s", c.query, code, body, c.code, c.words)
		}
	}
}
