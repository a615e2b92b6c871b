package scale

import (
	"bytes"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/tei"
)

func TestDerive(t *testing.T) {
	data, err := os.ReadFile("../../testdata/volumes/frus1961-63v05.xml")
	if err != nil {
		t.Fatal(err)
	}
	var a, b, c bytes.Buffer
	if err := Derive(&a, data, "frus1961-63v05", 3); err != nil {
		t.Fatal(err)
	}
	Derive(&b, data, "frus1961-63v05", 3)
	Derive(&c, data, "frus1961-63v05", 4)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two derivations of the same copy differ")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("two copies are alike")
	}
	orig, err := tei.Decode(data, "orig")
	if err != nil {
		t.Fatal(err)
	}
	copy3, err := tei.Decode(a.Bytes(), "copy")
	if err != nil {
		t.Fatalf("the copy is not a readable volume: %v", err)
	}
	if copy3.Volume.ID != "frus1961-63v05x03" || copy3.Volume.Titles != orig.Volume.Titles {
		t.Errorf("copy id %q titles %+v", copy3.Volume.ID, copy3.Volume.Titles)
	}
	if len(copy3.Documents) != len(orig.Documents) {
		t.Fatalf("%d documents, want %d", len(copy3.Documents), len(orig.Documents))
	}
	for i, d := range orig.Documents {
		cd := copy3.Documents[i]
		if cd.ID != d.ID || len(cd.Notes) != len(d.Notes) || strings.Join(cd.Pages, ",") != strings.Join(d.Pages, ",") {
			t.Errorf("%s: structure changed", d.ID)
		}
		if bag(d) != bag(cd) {
			t.Errorf("%s: the words differ, not only their order", d.ID)
		}
	}
}

// bag returns the words of every text of a document, sorted.
func bag(d *chancery.Document) string {
	var w []string
	collect := func(n *chancery.Node) {
		n.Walk(func(x *chancery.Node) bool {
			if x.IsText() {
				w = append(w, strings.Fields(x.Text)...)
			}
			return true
		})
	}
	collect(d.Head)
	collect(d.Body)
	if d.SourceNote != nil {
		collect(d.SourceNote.Content)
	}
	for _, n := range d.Notes {
		collect(n.Content)
	}
	sort.Strings(w)
	return strings.Join(w, " ")
}
