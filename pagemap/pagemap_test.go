package pagemap

import (
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/internal/realvol"
)

// TestEveryDocument: on every real volume (8,371 documents and the
// modern excerpts), a document's own pages resolve to it.
func TestEveryDocument(t *testing.T) {
	for _, vd := range realvol.All(t) {
		m := New(vd.Volume, vd.Documents)
		placed, docs := 0, 0
		for _, d := range vd.Documents {
			if len(d.Pages) == 0 {
				continue
			}
			docs++
			span, err := m.Resolve(d.FirstPage(), d.LastPage())
			if err != nil {
				t.Errorf("%s/%s: pages %s–%s: %v", vd.Volume.ID, d.ID, d.FirstPage(), d.LastPage(), err)
				continue
			}
			if slices.Contains(span.Docs, d.ID) {
				placed++
			}
		}
		if placed != docs {
			t.Errorf("%s: %d of %d documents not found on their own pages", vd.Volume.ID, docs-placed, docs)
		}
	}
}

// TestPlate: a page holding nothing but a chart between two documents
// (frus1919Parisv01 p. 112) is the document's before it, which the chart
// belongs to; the pages either side keep theirs.
func TestPlate(t *testing.T) {
	vd := realvol.Decode(t, filepath.Join(corpus.Dir(t), "frus1919Parisv01.xml"))
	m := New(vd.Volume, vd.Documents)
	for _, c := range []struct {
		page string
		want []string
	}{
		{"112", []string{"d60"}},
		{"113", []string{"d61", "d62"}},
	} {
		span, err := m.Resolve(c.page, "")
		if err != nil || !reflect.DeepEqual(span.Docs, c.want) {
			t.Errorf("p. %s: %v, %v, want %v", c.page, span.Docs, err, c.want)
		}
	}
}

// TestRealPages checks what a reader reads in frus1870: d1 begins on the
// unnumbered page [45] and ends on 47 (the break of page 48 closes its
// last element, with nothing of it after), and d2 begins on 48.
func TestRealPages(t *testing.T) {
	vd := realvol.Decode(t, filepath.Join(corpus.Dir(t), "frus1870.xml"))
	m := New(vd.Volume, vd.Documents)
	for _, c := range []struct {
		first, last string
		want        []string
	}{
		{"45", "", []string{"d1"}},
		{"[45]", "", []string{"d1"}},
		{"46", "47", []string{"d1"}},
		{"48", "", []string{"d2"}},
		{"47", "50", []string{"d2", "d3", "d4", "d5", "d1"}},
		{"49", "49", []string{"d3", "d2"}},
	} {
		span, err := m.Resolve(c.first, c.last)
		if err != nil {
			t.Errorf("pp. %s–%s: %v", c.first, c.last, err)
			continue
		}
		if !reflect.DeepEqual(span.Docs, c.want) {
			t.Errorf("pp. %s–%s: %v, want %v", c.first, c.last, span.Docs, c.want)
		}
	}
	for _, c := range []struct{ first, last, kind string }{
		{"9999", "", KindNoPage},
		{"50", "45", KindReversed},
		{"", "", KindNoNumber},
		{"45", "nowhere", KindNoPage},
	} {
		_, err := m.Resolve(c.first, c.last)
		var e *Error
		if !errors.As(err, &e) || e.Kind != c.kind || !errors.Is(err, ErrPage) {
			t.Errorf("pp. %q–%q: %v, want a %s error", c.first, c.last, err, c.kind)
		}
	}
}

func TestRestartsAndRoman(t *testing.T) {
	vol := &chancery.Volume{Pages: []chancery.Page{{N: "[I]"}, {N: "II"}, {N: "iii"}, {N: "1"}, {N: "2"}, {N: "3"}, {N: "1"}, {N: "2"}}}
	docs := []*chancery.Document{
		{ID: "preface", Pages: []string{"II", "iii"}},
		{ID: "d1", Pages: []string{"1", "2"}},
		{ID: "d2", Pages: []string{"3"}},
		{ID: "d3", Pages: []string{"1", "2"}}, // a second part numbered from 1
	}
	m := New(vol, docs)
	for _, c := range []struct {
		first, last string
		want        []string
	}{
		{"i", "", nil},
		{"ii", "III", []string{"preface"}},
		{"1", "2", []string{"d1"}},
		{"3", "1", []string{"d2", "d3"}}, // from 3 on, the next page 1 is the second part's
		{"02", "", []string{"d1"}},
	} {
		span, err := m.Resolve(c.first, c.last)
		if err != nil {
			t.Errorf("pp. %s–%s: %v", c.first, c.last, err)
			continue
		}
		if !reflect.DeepEqual(span.Docs, c.want) {
			t.Errorf("pp. %s–%s: %v, want %v", c.first, c.last, span.Docs, c.want)
		}
	}
}

func FuzzResolve(f *testing.F) {
	f.Add("1 2 3 1 2", "1:2 3 1", "2", "1")
	f.Add("[I] II 1 2", "II 1:2", "ii", "")
	f.Fuzz(func(t *testing.T, pages, docs, first, last string) {
		vol := &chancery.Volume{}
		for _, n := range splitFields(pages, ' ') {
			vol.Pages = append(vol.Pages, chancery.Page{N: n})
		}
		var ds []*chancery.Document
		for i, spec := range splitFields(docs, ' ') {
			ds = append(ds, &chancery.Document{ID: string(rune('a' + i%26)), Pages: splitFields(spec, ':')})
		}
		m := New(vol, ds)
		span, err := m.Resolve(first, last)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("an error of another kind: %v", err)
			}
			return
		}
		if span.First > span.Last || span.Last >= m.Len() {
			t.Fatalf("span %d–%d of %d pages", span.First, span.Last, m.Len())
		}
		if Normalize(m.Pages()[span.First].N) != Normalize(first) {
			t.Fatalf("page %q found for %q", m.Pages()[span.First].N, first)
		}
	})
}

func splitFields(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == sep {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}

// BenchmarkMap builds the map of a real volume (frus1870: 520 pages, 541
// documents) and resolves a range of pages in it.
func BenchmarkMap(b *testing.B) {
	vd := realvol.Decode(b, filepath.Join(corpus.Dir(b), "frus1870.xml"))
	b.Run("New", func(b *testing.B) {
		for b.Loop() {
			New(vd.Volume, vd.Documents)
		}
	})
	m := New(vd.Volume, vd.Documents)
	b.Run("Resolve", func(b *testing.B) {
		for b.Loop() {
			if _, err := m.Resolve("370", "376"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
