package identity

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/datasets"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/internal/realvol"
)

// realIndex indexes the publisher's three datasets.
func realIndex(t testing.TB) *Index {
	t.Helper()
	var loads []*chancery.Dataset
	for _, name := range chancery.DatasetNames {
		f, err := os.Open(filepath.Join(corpus.Datasets(t), name+".tar.gz"))
		if err != nil {
			t.Fatal(err)
		}
		d, _, err := datasets.Load(context.Background(), name, f, name, datasets.Limits{})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		loads = append(loads, d)
	}
	return New(loads[0], loads[1], loads[2])
}

func TestOffice(t *testing.T) {
	x := realIndex(t)
	for _, c := range []struct{ words, date, want string }{
		{"The Secretary of State", "1962-10-18", "rusk-david-dean"},
		{"The Secretary", "1962-10-18", "rusk-david-dean"},
		{"Secretary of State", "1918-02-01", "lansing-robert"},
		{"the Minister in China", "1901-06-01", "conger-edwin-hurd"},
		{"The Ambassador in Russia (Francis)", "1917-06-01", "francis-david-rowland"},
		{"The Ambassador in Russia (Francis)", "1918-02-01", ""}, // POCOM ends his mission on 1917-11-07: the entry's name answers, not the office
		{"the Ambassador in Great Britain", "1917-04-10", "page-walter-hines"},
		{"Ambassador Thompson", "1962-10-18", "thompson-llewellyn-e"},
		{"The Under Secretary", "1962-10-18", "ball-george-wildman"},
		{"The President", "1962-10-18", "107025"}, // the registry's Kennedy
		// No answer rather than a wrong one.
		{"The Ambassador in Russia (Smith)", "1918-02-01", ""}, // the surname is not the holder's
		{"the Chargé in China", "1901-06-01", ""},              // POCOM lists the minister, not a chargé
		{"The Acting Secretary of State", "1962-10-18", ""},    // an absence's acting Secretary is not in the data
		{"The President", "1963-11-22", ""},                    // a handover day
		{"the Minister in Ruritania", "1901-06-01", ""},        // no such country
		{"Mr. Smith", "1962-10-18", ""},                        // no office
		{"The Secretary of State", "1962", "rusk-david-dean"},  // a year wholly in his term
		{"The Secretary of State", "1961", ""},                 // Herter and Rusk
	} {
		got, ok := x.Office(c.words, c.date)
		if got.ID != c.want || ok != (c.want != "") {
			t.Errorf("%q on %s: %q (%v), want %q", c.words, c.date, got.ID, ok, c.want)
			continue
		}
		if ok && (got.How != HowOffice || !got.Inferred() || got.Evidence == "" || got.Name == "") {
			t.Errorf("%q on %s: %+v, want an inferred identity with its evidence", c.words, c.date, got)
		}
	}
}

func TestEntry(t *testing.T) {
	x := realIndex(t)
	// Listed by the registry.
	got, ok := x.Entry("frus1961-63v05", chancery.Person{ID: "p_RD1", Name: "Rusk, Dean"}, 1961, 1963)
	if !ok || got.ID != "rusk-david-dean" || got.Registry != "111738" || got.How != HowRegistry {
		t.Errorf("frus1961-63v05#p_RD1: %+v, %v", got, ok)
	}
	// A volume the registry does not cover: matched by name and life.
	got, ok = x.Entry("frus1918Russiav03", chancery.Person{ID: "p_FDR1", Name: "Francis, David Rowland"}, 1918, 1918)
	if !ok || got.ID != "francis-david-rowland" || got.How != HowMatched {
		t.Errorf("frus1918Russiav03 Francis: %+v, %v", got, ok)
	}
	// Dead before the volume's years: not him.
	if got, ok := x.Entry("frus1961-63vXX", chancery.Person{ID: "p_X", Name: "Francis, David Rowland"}, 1961, 1963); ok {
		t.Errorf("a man dead in 1927 matched in 1961: %+v", got)
	}
	// No such person.
	if got, ok := x.Entry("frus1918Russiav03", chancery.Person{ID: "p_Y", Name: "Nobody, Nemo"}, 1918, 1918); ok {
		t.Errorf("nobody matched: %+v", got)
	}
}

// TestNeverMerged: two persons who fit equally are never taken for one.
func TestNeverMerged(t *testing.T) {
	people := &chancery.Dataset{Name: chancery.DatasetPeople, People: []chancery.RegistryPerson{
		{ID: "1", Name: "Smith, John", Birth: "1850", Death: "1920"},
		{ID: "2", Name: "Smith, John", Birth: "1860", Death: "1930"},
		{ID: "3", Name: "Smith, James", Birth: "1860", Death: "1930"}}}
	x := New(people, nil, nil)
	if got, ok := x.Entry("frus1900", chancery.Person{ID: "p_SJ1", Name: "Smith, John"}, 1900, 1900); ok {
		t.Errorf("two John Smiths alive in 1900 merged: %+v", got)
	}
	if got, ok := x.Entry("frus1925", chancery.Person{ID: "p_SJ1", Name: "Smith, John"}, 1925, 1925); !ok || got.ID != "2" || got.How != HowMatched {
		t.Errorf("the one John Smith alive in 1925: %+v, %v", got, ok)
	}
	if got, ok := x.Entry("frus1925", chancery.Person{ID: "p_SJ2", Name: "Smith, J."}, 1925, 1925); ok {
		t.Errorf("initials matched a full name: %+v", got)
	}
}

func BenchmarkOffice(b *testing.B) {
	x := realIndex(b)
	for b.Loop() {
		if _, ok := x.Office("The Secretary of State to the Minister in China", "1901-06-01"); ok {
			b.Fatal("a whole head read as one office")
		}
		if _, ok := x.Office("The Minister in China (Conger)", "1901-06-01"); !ok {
			b.Fatal("no Minister in China")
		}
	}
}

func FuzzOffice(f *testing.F) {
	x := New(nil, nil, nil)
	f.Add("The Ambassador in Russia (Francis)", "1918-02-01")
	f.Add("Ambassador Thompson", "1962")
	f.Add("the Acting Secretary of State", "1962-10")
	f.Fuzz(func(t *testing.T, words, date string) {
		if got, ok := x.Office(words, date); ok {
			t.Fatalf("an answer without datasets: %+v", got)
		}
		readRole(words)
	})
}

func TestPersonAndSearch(t *testing.T) {
	x := realIndex(t)
	for _, id := range []string{"rusk-david-dean", "111738"} { // by POCOM's id, and by the registry's
		p, ok := x.Person(id)
		if !ok || p.ID != "rusk-david-dean" || p.Registry != "111738" || p.Name != "Dean Rusk" || p.Birth != "1909" || len(p.Offices) == 0 || p.Offices[len(p.Offices)-1].Position != "secretary" || len(p.Names) == 0 {
			t.Errorf("Person(%s): %+v, %v", id, p, ok)
		}
	}
	if _, ok := x.Person("nobody-at-all"); ok {
		t.Error("a person no dataset has")
	}
	got := x.Search("rusk dean", 5)
	if len(got) == 0 || got[0].ID != "rusk-david-dean" {
		t.Errorf("Search(rusk dean) = %+v", got)
	}
	if got := x.Search("gromyko", 5); len(got) == 0 || !strings.Contains(got[0].Name, "Gromyko") {
		t.Errorf("Search(gromyko) = %+v", got)
	}
	if got := x.Search("   ", 5); got != nil {
		t.Errorf("Search of nothing = %+v", got)
	}
}

// BenchmarkResolve measures what resolving persons adds to an ingest of
// the shared corpus: indexing the three datasets (once a run) and
// resolving the persons of every volume (its documents' heads,
// participants and entries), beside BenchmarkIngest (package ingest).
func BenchmarkResolve(b *testing.B) {
	vols := realvol.All(b)
	var loads []*chancery.Dataset
	for _, name := range chancery.DatasetNames {
		f, err := os.Open(filepath.Join(corpus.Datasets(b), name+".tar.gz"))
		if err != nil {
			b.Fatal(err)
		}
		d, _, err := datasets.Load(context.Background(), name, f, name, datasets.Limits{})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		loads = append(loads, d)
	}
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			New(loads[0], loads[1], loads[2])
		}
	})
	x := New(loads[0], loads[1], loads[2])
	b.Run("shared-corpus", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n = 0
			for _, v := range vols {
				n += len(x.Volume(v))
			}
		}
		b.ReportMetric(float64(n), "persons")
	})
}
