package tei

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/corpus"
)

// decodeReal decodes a volume file of a directory: one of the real volumes
// of the shared corpus, or a test volume.
func decodeReal(t *testing.T, dir, file string) *chancery.VolumeData {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	v, err := Decode(data, file)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRealTitles checks titles read from real heads: margin notes and
// footnotes stay out, the printed number is not repeated.
func TestRealTitles(t *testing.T) {
	dir := corpus.Dir(t)
	tests := []struct {
		file, id, title string
	}{
		{"frus1872p2v5.xml", "d69", "Mr. Bancroft to Mr. Campbell."},
		{"frus1873p2v3.xml", "d1", "Sir Edward Thornton to Mr. Fish."},
		{"../modern/frus1961-63v05-excerpt.xml", "d253", "Memorandum of Conversation"},
	}
	for _, tt := range tests {
		v := decodeReal(t, dir, tt.file)
		d := findDoc(t, v, tt.id)
		if d.Title != tt.title {
			t.Errorf("%s %s: title %q, want %q", tt.file, tt.id, d.Title, tt.title)
		}
		div, _ := findDivision(v.Volume.Structure, tt.id)
		if div == nil || div.Head != tt.title || div.Date == nil {
			t.Errorf("%s %s: division %+v, want head %q and a date", tt.file, tt.id, div, tt.title)
		}
	}
	// A subchapter's head carries a footnote: its text is not the head's.
	v := decodeReal(t, dir, "frus1918Russiav03.xml")
	div, _ := findDivision(v.Volume.Structure, "ch1subch1")
	if div == nil || div.Head == "" || strings.Contains(div.Head, "Treasury accounts") {
		t.Errorf("ch1subch1 head %q: want it without its footnote", div.Head)
	}
}

// TestPersonDocuments checks that each persons entry lists the documents
// that mention the person.
func TestPersonDocuments(t *testing.T) {
	v := decodeReal(t, corpus.Modern(t), "frus1961-63v05-excerpt.xml")
	for _, p := range v.Volume.Persons {
		if p.ID == "p_GAA1" {
			if !slices.Contains(p.Documents, "d253") {
				t.Errorf("Gromyko's documents %v, want d253 among them", p.Documents)
			}
			return
		}
	}
	t.Error("no persons entry p_GAA1")
}

func findDivision(divs []chancery.Division, id string) (*chancery.Division, int) {
	var found *chancery.Division
	chancery.Walk(divs, func(d *chancery.Division, depth int) bool {
		if d.ID == id {
			found = d
			return false
		}
		return true
	})
	return found, 0
}
