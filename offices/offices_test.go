package offices

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/datasets"
	"github.com/chancery-frus/chancery/internal/corpus"
)

// small is a hand-written POCOM and Presidents' terms with the cases a
// lookup must tell apart.
func small() *Index {
	pocom := &chancery.Dataset{Name: chancery.DatasetPOCOM,
		Officials: []chancery.Official{{ID: "rusk-david-dean", Surname: "Rusk", AltName: "Dean Rusk"}, {ID: "rogers-william-pierce", Surname: "Rogers", Forename: "William Pierce"},
			{ID: "bohlen", Surname: "Bohlen"}, {ID: "old", Surname: "Old"}, {ID: "yearly", Surname: "Yearly"}, {ID: "conger-edwin-hurd", Surname: "Conger", Forename: "Edwin Hurd"}},
		Positions: []chancery.Position{{ID: "secretary", Kind: chancery.PositionPrincipal, Name: "Secretary of State"}, {ID: "secretary-ad-interim", Kind: chancery.PositionPrincipal, Name: "Secretary of State ad interim"},
			{ID: "china", Kind: chancery.PositionCountry, Name: "china"}, {ID: "envoy", Kind: chancery.PositionRole, Name: "Envoy Extraordinary and Minister Plenipotentiary"}},
		Tenures: []chancery.Tenure{
			{Person: "rusk-david-dean", Position: "secretary", Role: "secretary", Appointed: "1961-01-21", Started: "1961-01-21", Ended: "1969-01-20"},
			{Person: "rogers-william-pierce", Position: "secretary", Role: "secretary", Appointed: "1969-01-21", Started: "1969-01-22", Ended: "1973-09-03"},
			{Person: "bohlen", Position: "secretary-ad-interim", Role: "secretary-ad-interim", Started: "1969-01-20", Ended: "1969-01-22"},
			{Person: "old", Position: "china", Role: "envoy", Started: "1890-03-01"}, // no end given
			{Person: "yearly", Position: "china", Role: "envoy", Started: "1895"},    // a year only, no end
			{Person: "conger-edwin-hurd", Position: "china", Role: "envoy", Appointed: "1898-01-19", Started: "1898-07-08", Ended: "1905-04-04"},
		}}
	travels := &chancery.Dataset{Name: chancery.DatasetTravels, Presidents: []chancery.Presidency{
		{ID: "kennedy-john-f", Name: "John F. Kennedy", Took: "1961-01-20", Left: "1963-11-22"},
		{ID: "johnson-lyndon-b", Name: "Lyndon B. Johnson", Took: "1963-11-22", Left: "1969-01-20"}}}
	return New(pocom, travels)
}

// holders writes a lookup's answer: each holder, "?" after one that is
// only possible.
func holders(t *testing.T, x *Index, position, date string) string {
	t.Helper()
	hs, err := x.Holders(position, date)
	if err != nil {
		return "error: " + err.Error()
	}
	var out []string
	for _, h := range hs {
		s := h.Name
		if !h.Certain {
			s += "?"
		}
		if h.Acting {
			s += " (acting)"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

func TestHolders(t *testing.T) {
	x := small()
	for _, c := range []struct{ position, date, want string }{
		{"secretary", "1962-10-18", "Dean Rusk"},
		{"Secretary of State", "1962-10-18", "Dean Rusk"},
		{"secretary", "1962", "Dean Rusk"},                         // a year wholly in his term
		{"secretary", "1961", "Dean Rusk?"},                        // a year he held part of
		{"secretary", "1969-01-21", "Bohlen (acting)"},             // vacant: Rogers, appointed, started the next day
		{"secretary", "1969-01-20", "Bohlen (acting), Dean Rusk?"}, // Rusk's last day, Bohlen's first
		{"secretary", "1958-01-01", ""},                            // before the data's holders: none
		{"president", "1962-10-18", "John F. Kennedy"},
		{"President", "1963-11-22", "John F. Kennedy?, Lyndon B. Johnson?"}, // two holders on one day
		{"china", "1901-06-01", "Edwin Hurd Conger"},
		{"china", "1892-05-01", "Old?"},          // no end given: until the next holder, not certain
		{"china", "1895-06-01", "Old?, Yearly?"}, // a start known to the year
		{"treasury", "1962-10-18", `error: no position "treasury" in the loaded datasets (POCOM's ids, like secretary or china, or president)`},
		{"secretary", "October 1962", `error: "October 1962" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`},
		{"secretary", "1962-02-30", `error: "1962-02-30" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`},
	} {
		if got := holders(t, x, c.position, c.date); got != c.want {
			t.Errorf("%s on %s: %q, want %q", c.position, c.date, got, c.want)
		}
	}
	hs, _ := x.Holders("china", "1901-06-01")
	if h := hs[0]; h.RoleName != "Envoy Extraordinary and Minister Plenipotentiary" || h.From != "1898-07-08" || h.To != "1905-04-04" || !strings.Contains(h.Evidence, "POCOM") || h.Source != "pocom" {
		t.Errorf("evidence of the Minister in China: %+v", h)
	}
}

// TestRealOffices asks the publisher's datasets the README's questions.
func TestRealOffices(t *testing.T) {
	x := realIndex(t)
	for _, c := range []struct{ position, date, want string }{
		{"secretary", "1962-10-18", "Dean Rusk"},
		{"china", "1901-06-01", "Edwin H. Conger"},
		{"president", "1962-10-18", "John F. Kennedy"},
		{"president", "1901", "William McKinley?, Theodore Roosevelt?"},
		{"secretary", "1870-06-01", "Hamilton Fish"},
	} {
		if got := holders(t, x, c.position, c.date); got != c.want {
			t.Errorf("%s on %s: %q, want %q", c.position, c.date, got, c.want)
		}
	}
}

func realIndex(t testing.TB) *Index { return New(realLoads(t)) }

// realLoads loads the publisher's POCOM and travels archives.
func realLoads(t testing.TB) (pocom, travels *chancery.Dataset) {
	t.Helper()
	load := func(name string) *chancery.Dataset {
		f, err := os.Open(filepath.Join(corpus.Datasets(t), name+".tar.gz"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		d, _, err := datasets.Load(context.Background(), name, f, name, datasets.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	return load(chancery.DatasetPOCOM), load(chancery.DatasetTravels)
}

// BenchmarkHolders: an office lookup, beside indexing the datasets (done
// once per load).
func BenchmarkHolders(b *testing.B) {
	pocom, travels := realLoads(b)
	x := New(pocom, travels)
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			New(pocom, travels)
		}
	})
	b.Run("secretary", func(b *testing.B) {
		for b.Loop() {
			if _, err := x.Holders("secretary", "1962-10-18"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("by-name", func(b *testing.B) {
		for b.Loop() {
			if _, err := x.Holders("Secretary of State", "1962-10-18"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("china", func(b *testing.B) {
		for b.Loop() {
			if _, err := x.Holders("china", "1901-06-01"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// FuzzHolders: whatever the position and the date asked, a lookup
// answers or says why not, and a certain answer is the only one of its
// office.
func FuzzHolders(f *testing.F) {
	f.Add("secretary", "1962-10-18")
	f.Add("President", "1963-11-22")
	f.Add("china", "1895")
	f.Add("secretary", "1969-01")
	f.Fuzz(func(t *testing.T, position, date string) {
		hs, err := small().Holders(position, date)
		if err != nil {
			return
		}
		byPosition := map[string]int{}
		for _, h := range hs {
			byPosition[h.Position]++
		}
		for _, h := range hs {
			if h.Certain && byPosition[h.Position] > 1 {
				t.Fatalf("%s on %s: %+v certain among others", position, date, hs)
			}
		}
	})
}
