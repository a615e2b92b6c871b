package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/tei"
)

// TestTEIRoundTrip: a document's TEI fragment, wrapped in a volume, reads
// back as the same document.
func TestTEIRoundTrip(t *testing.T) {
	for _, name := range []string{"frus1961-63v05.xml", "frus1866p1.xml"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "volumes", name))
		if err != nil {
			t.Fatal(err)
		}
		v, err := tei.Decode(data, name)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]*chancery.Document{}
		for _, d := range v.Documents {
			byID[d.ID] = d
		}
		for _, d := range v.Documents {
			if d.Parent != "" {
				continue
			}
			frag := TEI(d, func(id string) *chancery.Document { return byID[id] })
			if !strings.HasPrefix(frag, `<div xmlns="http://www.tei-c.org/ns/1.0"`) {
				t.Fatalf("%s: fragment starts %q", d.ID, frag[:40])
			}
			wrapped := `<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="frusX"><text><body>` +
				strings.Replace(frag, ` xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"`, "", 1) +
				`</body></text></TEI>`
			back, err := tei.Decode([]byte(wrapped), "fragment")
			if err != nil {
				t.Fatalf("%s: the fragment does not read back: %v\n%s", d.ID, err, frag)
			}
			got := back.Documents[0]
			if got.ID != d.ID || got.Title != d.Title || len(got.Notes) != len(d.Notes) ||
				got.Body.PlainText() != d.Body.PlainText() || (d.SourceNote == nil) != (got.SourceNote == nil) {
				t.Errorf("%s: read back as %q with %d notes; want %q with %d notes\n%s", d.ID, got.Title, len(got.Notes), d.Title, len(d.Notes), frag)
			}
			for i := range d.Notes {
				if i < len(got.Notes) && got.Notes[i].Text != d.Notes[i].Text {
					t.Errorf("%s: note %s reads back as %q", d.ID, d.Notes[i].ID, got.Notes[i].Text)
				}
			}
		}
	}
}
