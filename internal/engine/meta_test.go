package engine

import (
	"reflect"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/hits"
)

func testMeta() []DocMeta {
	day := func(s string) time.Time {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			panic(err)
		}
		return t
	}
	return []DocMeta{
		{Row: 1, Type: "telegram", Year: 1962, Date: &chancery.Interval{Min: day("1962-10-18"), Max: day("1962-10-18").Add(24*time.Hour - time.Second)},
			Length: 812, TitleWords: 9, Persons: []string{"Rusk, Dean", "Gromyko, Andrei"}},
		{Row: 2, Type: "editorial-note", Length: 40, Persons: []string{}},
		{Row: 7, Type: "telegram", Year: 1861, Date: &chancery.Interval{Min: day("1861-01-01"), Max: day("1861-12-31")},
			Length: 3, TitleWords: 1, Persons: []string{"Gromyko, Andrei"}},
	}
}

func TestVolumeMeta(t *testing.T) {
	in := testMeta()
	out, err := DecodeVolumeMeta(EncodeVolumeMeta(in))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Errorf("decoded %+v\nwant %+v", out, in)
	}
	for _, bad := range [][]byte{nil, {0}, {metaFormat}, EncodeVolumeMeta(in)[:20], append(EncodeVolumeMeta(in), 0)} {
		if _, err := DecodeVolumeMeta(bad); err == nil {
			t.Errorf("%v decoded", bad)
		}
	}
	// Two volumes whose rows interleave load with every person kept.
	l := NewCorpusLoader(0)
	if err := l.AddVolume("b", "B", 10, EncodeVolumeMeta(in[:1])); err != nil {
		t.Fatal(err)
	}
	if err := l.AddVolume("a", "A", 0, EncodeVolumeMeta(in)); err != nil {
		t.Fatal(err)
	}
	c := l.Done()
	if !c.Meta.Exists(11) || !c.Meta.Exists(7) || c.Meta.VolumeTitle("b") != "B" {
		t.Fatal("documents missing")
	}
	f := c.Meta.Facets([]hits.Scored{{Row: 1}, {Row: 7}, {Row: 11}})
	if want := []chancery.FacetCount{{Value: "Gromyko, Andrei", Count: 3}, {Value: "Rusk, Dean", Count: 2}}; !reflect.DeepEqual(f.Persons, want) {
		t.Errorf("persons %+v, want %+v", f.Persons, want)
	}
	if got := c.Stats.length[11]; got != 812 {
		t.Errorf("length of row 11: %d", got)
	}
}

func FuzzDecodeVolumeMeta(f *testing.F) {
	f.Add(EncodeVolumeMeta(testMeta()))
	f.Add([]byte{metaFormat, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, err := DecodeVolumeMeta(b)
		if err != nil {
			return
		}
		back, err := DecodeVolumeMeta(EncodeVolumeMeta(docs))
		if err != nil || len(back) != len(docs) {
			t.Fatalf("re-encoded: %v, %d documents of %d", err, len(back), len(docs))
		}
	})
}

func TestCorpusLoaderRefusesHugeRows(t *testing.T) {
	huge := EncodeVolumeMeta([]DocMeta{{Row: MaxRow + 1, Type: "telegram"}})
	for _, c := range []struct {
		base int64
		meta []byte
	}{{0, huge}, {-5, EncodeVolumeMeta(testMeta())}, {MaxRow, EncodeVolumeMeta(testMeta())}} {
		if err := NewCorpusLoader(0).AddVolume("v", "", c.base, c.meta); err == nil {
			t.Errorf("base %d: rows beyond MaxRow accepted", c.base)
		}
	}
}
