package resolve_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"

	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/resolve"
	"github.com/chancery-frus/chancery/storetest"
)

// hsg is the publisher's address of its volumes.
const hsg = "https://history.state.gov/historicaldocuments/"

func TestTooMany(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t) // SQLite, or PostgreSQL with CHANCERY_TEST_BACKEND=postgres
	text := strings.Repeat("FRUS, 1961–1963, vol. V, Document 253; ", resolve.MaxCitations+1)
	var bad *chancery.BadRequestError
	if _, err := resolve.New(db, nil).Resolve(ctx, text); !errors.As(err, &bad) {
		t.Errorf("%d citations at once: %v", resolve.MaxCitations+1, err)
	}
}

func TestResolve(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)            // SQLite, or PostgreSQL with CHANCERY_TEST_BACKEND=postgres
	storetest.PutTestVolumes(t, db) // frus1961-63v05 (d253–d255), frus1866p1, frus1895Supp
	known := func(id string) bool { return id == "frus1961-63v15" || id == "frus1961-63v05" || id == "frus1866p1" }
	r := resolve.New(db, known)
	for _, c := range []struct {
		input string
		want  []resolve.Found
	}{
		{"Foreign Relations, 1961–1963, vol. V, Document 253", []resolve.Found{{Text: "Foreign Relations, 1961–1963, vol. V, Document 253",
			Volume: "frus1961-63v05", Held: true, Document: "253", Documents: []string{"d253"}, URL: hsg + "frus1961-63v05/d253"}}},
		{"https://history.state.gov/historicaldocuments/frus1961-63v05/d254", []resolve.Found{{Text: "https://history.state.gov/historicaldocuments/frus1961-63v05/d254",
			Volume: "frus1961-63v05", Held: true, Document: "d254", Documents: []string{"d254"}, URL: hsg + "frus1961-63v05/d254"}}},
		{"see Foreign Relations, 1961–1963, vol. XV, pp. 370–376.", []resolve.Found{{Text: "Foreign Relations, 1961–1963, vol. XV, pp. 370–376",
			Volume: "frus1961-63v15", First: "370", Last: "376", Documents: []string{}, URL: hsg + "frus1961-63v15/pg_370"}}},
		// Pages of a volume stored here: d3 and d3a begin on page 3.
		{"Papers relating to Foreign Affairs, 1866, part 1, p. 3", []resolve.Found{{Text: "Papers relating to Foreign Affairs, 1866, part 1, p. 3",
			Volume: "frus1866p1", Held: true, First: "3", Documents: []string{"d3", "d3a"}, URL: hsg + "frus1866p1/pg_3"}}},
		{"history.state.gov/historicaldocuments/frus1866p1/pg_4", []resolve.Found{{Text: "history.state.gov/historicaldocuments/frus1866p1/pg_4",
			Volume: "frus1866p1", Held: true, First: "4", Documents: []string{"d4", "d4a"}, URL: hsg + "frus1866p1/pg_4"}}},
		// Broken, with the reason: no such document, page or volume.
		{"Foreign Relations, 1961–1963, vol. V, Document 999", []resolve.Found{{Text: "Foreign Relations, 1961–1963, vol. V, Document 999",
			Volume: "frus1961-63v05", Held: true, Document: "999", Documents: []string{}, URL: hsg + "frus1961-63v05/d999", Broken: "no document 999 in frus1961-63v05"}}},
		{"Papers relating to Foreign Affairs, 1866, part 1, pp. 900–901", []resolve.Found{{Text: "Papers relating to Foreign Affairs, 1866, part 1, pp. 900–901",
			Volume: "frus1866p1", Held: true, First: "900", Last: "901", Documents: []string{}, URL: hsg + "frus1866p1/pg_900", Broken: "no page 900 in this volume"}}},
		{"history.state.gov/historicaldocuments/frus1999v99", []resolve.Found{{Text: "history.state.gov/historicaldocuments/frus1999v99",
			Volume: "frus1999v99", Documents: []string{}, URL: hsg + "frus1999v99", Broken: "no volume frus1999v99 in the series"}}},
		{"nothing to see here", nil},
		// In the order written, addresses and words alike.
		{"Foreign Relations, 1961–1963, vol. V, Document 255; history.state.gov/historicaldocuments/frus1961-63v05/d253", []resolve.Found{
			{Text: "Foreign Relations, 1961–1963, vol. V, Document 255", Volume: "frus1961-63v05", Held: true, Document: "255", Documents: []string{"d255"}, URL: hsg + "frus1961-63v05/d255"},
			{Text: "history.state.gov/historicaldocuments/frus1961-63v05/d253", Volume: "frus1961-63v05", Held: true, Document: "d253", Documents: []string{"d253"}, URL: hsg + "frus1961-63v05/d253"}}},
	} {
		got, err := r.Resolve(ctx, c.input)
		if err != nil {
			t.Fatalf("%q: %v", c.input, err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", c.input, got, c.want)
		}
	}
}

// BenchmarkResolve resolves a citation of a document and one of pages in
// volumes stored here, their page map built (once a generation).
func BenchmarkResolve(b *testing.B) {
	ctx := context.Background()
	db := testdb.Open(b) // SQLite, or PostgreSQL with CHANCERY_TEST_BACKEND=postgres
	storetest.PutTestVolumes(b, db)
	r := resolve.New(db, nil)
	for _, text := range []string{"Foreign Relations, 1961–1963, vol. V, Document 253", "Papers relating to Foreign Affairs, 1866, part 1, pp. 3–4"} {
		b.Run(text[len(text)-12:], func(b *testing.B) {
			for b.Loop() {
				found, err := r.Resolve(ctx, text)
				if err != nil || len(found) != 1 || len(found[0].Documents) == 0 {
					b.Fatalf("%+v, %v", found, err)
				}
			}
		})
	}
}
