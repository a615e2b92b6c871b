package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/tei"
)

// TestCorpus renders every document of the shared corpus of real volumes
// as text and Markdown, enclosures in place, and checks what must hold of
// any plain-text output (see checkText).
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus test skipped in -short mode")
	}
	files, err := filepath.Glob(filepath.Join(corpus.Dir(t), "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		vd, err := tei.Decode(data, filepath.Base(file))
		if err != nil {
			t.Fatal(err)
		}
		renderVolume(t, vd)
	}
}

// renderVolume renders the top-level documents of a volume.
func renderVolume(t *testing.T, vd *chancery.VolumeData) {
	byID := map[string]*chancery.Document{}
	for _, d := range vd.Documents {
		byID[d.ID] = d
	}
	res := func(id string) *chancery.Document { return byID[id] }
	for _, d := range vd.Documents {
		if d.Parent != "" {
			continue
		}
		name := vd.Volume.ID + " " + d.ID
		checkText(t, name, Text(d, res))
		if strings.TrimSpace(Markdown(d, res)) == "" {
			t.Errorf("%s: empty Markdown", name)
		}
	}
}
