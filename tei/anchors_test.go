package tei

import (
	"path/filepath"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/corpus"
)

func decodeAnchors(t *testing.T) *chancery.VolumeData {
	t.Helper()
	return decodeReal(t, filepath.Join("..", "testdata", "anchors"), "frus1925anchors.xml")
}

// TestAnchors checks which ids of the text become anchors, and the page
// each one leads to.
func TestAnchors(t *testing.T) {
	v := decodeAnchors(t)
	got := map[string]string{}
	for _, a := range v.Volume.Anchors {
		if _, dup := got[a.ID]; dup {
			t.Errorf("anchor %s listed twice", a.ID)
		}
		got[a.ID] = a.In
	}
	tests := []struct {
		id, in string // in "" means: not an anchor
		why    string
	}{
		{"p_KFB1", "persons", "a persons entry"},
		{"p_CJA1", "persons", "a persons entry in markup across lines"},
		{"t_LN1", "terms", "a terms entry"},
		{"in1", "index", "an index entry"},
		{"in2", "index", "an index entry"},
		{"pg_6", "index", "a page break in the index's prose"},
		{"prefacefna", "preface", "a note in a division's prose"},
		{"pg_IV", "preface", "a page break in a division's prose"},
		{"title1", "front-titlePage-main", "an id on the title page"},
		{"pg_I", "front-titlePage-main", "a page break on the title page"},
		{"ch1fn1", "ch1", "a note in the head of a chapter without prose"},
		{"ch1subch1fn2", "ch1subch1", "a note in the head of a subchapter without prose"},
		{"ch1subch2fn6", "subchapter", "a note in the head of a division without an xml:id, under the id the decoder gives it"},
		{"figure1", "d1", "a figure in a document"},
		{"d1item1", "d1", "a list item in a document"},
		{"d1item2", "d1", "a list item in a document"},
		{"d1inline", "d1", "an inline note, printed in place"},
		{"d1fn5ref", "d1", "an id in a footnote"},
		{"table1", "d2a", "a table in an enclosure: the enclosure's own page"},
		{"d1", "", "a document"},
		{"d2a", "", "an enclosure, a document of its own"},
		{"ch1", "", "a division"},
		{"ch1subch1", "", "a division"},
		{"index", "", "a division"},
		{"d1fn3", "", "a footnote of a document"},
		{"d1fn4", "", "the id the decoder gives a footnote without one"},
		{"pg_2", "", "a page break in a document"},
		{"pg_3", "", "a page break in a document"},
		{"pg_1", "", "a page break before a document"},
		{"pg_III", "preface", "a page break that begins a division's prose"},
		{"pg_5", "index", "a page break that begins a division's prose"},
		{"underline", "", "a rendition of the teiHeader"},
		{"center", "", "a rendition of the teiHeader"},
		{"frus1925anchors", "", "the volume's id"},
	}
	for _, tt := range tests {
		if in, ok := got[tt.id]; in != tt.in || ok != (tt.in != "") {
			t.Errorf("%s (%s): anchor in %q (listed %v), want %q", tt.id, tt.why, in, ok, tt.in)
		}
	}
	if len(got) != 21 {
		t.Errorf("%d anchors, want 21: %v", len(got), v.Volume.Anchors)
	}
}

// TestAnchorsShown checks that every anchor stands in what the reader
// renders for the page it names: the division's prose, or the document's
// head, body and notes.
func TestAnchorsShown(t *testing.T) {
	tests := []struct {
		name string
		read func(t *testing.T) *chancery.VolumeData
	}{
		{"hand-written", decodeAnchors},
		{"frus1927v01", realFile("frus1927v01.xml")},
		{"frus1930v01", realFile("frus1930v01.xml")},
		{"frus1864p3", realFile("frus1864p3.xml")},
		{"frus1919Parisv01", realFile("frus1919Parisv01.xml")},
		{"frus1961-63v05-excerpt", realFile("../modern/frus1961-63v05-excerpt.xml")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.read(t)
			shown := shownIDs(v)
			if len(v.Volume.Anchors) == 0 {
				t.Error("no anchors")
			}
			for _, a := range v.Volume.Anchors {
				if !shown[a.In][a.ID] {
					t.Errorf("anchor %s in %s, which does not show it", a.ID, a.In)
				}
			}
		})
	}
}

// realFile reads a file of the shared corpus, skipping without it.
func realFile(name string) func(t *testing.T) *chancery.VolumeData {
	return func(t *testing.T) *chancery.VolumeData {
		return decodeReal(t, corpus.Dir(t), name)
	}
}

// shownIDs returns, for each division and document, the ids of what the
// reader renders on its page.
func shownIDs(v *chancery.VolumeData) map[string]map[string]bool {
	shown := map[string]map[string]bool{}
	ids := func(page string, nodes ...*chancery.Node) {
		if shown[page] == nil {
			shown[page] = map[string]bool{}
		}
		for _, n := range nodes {
			n.Walk(func(x *chancery.Node) bool {
				if id := x.Attr("id"); id != "" {
					shown[page][id] = true
				}
				return true
			})
		}
	}
	chancery.Walk(v.Volume.Structure, func(d *chancery.Division, _ int) bool {
		if !d.IsDocument() {
			ids(d.ID, d.Content)
		}
		return true
	})
	for _, d := range v.Documents {
		ids(d.ID, d.Head, d.Body)
		for _, n := range d.Notes {
			ids(d.ID, n.Content)
		}
	}
	return shown
}

// TestHeadAsProse checks that a chapter whose only prose is a head with a
// footnote keeps that head, with its note, as its content.
func TestHeadAsProse(t *testing.T) {
	v := decodeAnchors(t)
	for _, id := range []string{"ch1", "ch1subch1", "subchapter"} {
		var div *chancery.Division
		chancery.Walk(v.Volume.Structure, func(d *chancery.Division, _ int) bool {
			if d.ID == id {
				div = d
			}
			return div == nil
		})
		if div == nil || div.Content == nil || len(div.Content.Children) != 1 || div.Content.Children[0].Name != "head" {
			t.Errorf("%s: content %v, want its head alone", id, div)
			continue
		}
		if div.Head == "" || div.Content.Children[0].PlainText() != div.Head {
			t.Errorf("%s: head %q, content %q", id, div.Head, div.Content.Children[0].PlainText())
		}
	}
}
