package ingest_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/tei"
)

// chain is depth elements nested in one another around a text.
func chain(depth int) *chancery.Node {
	n := &chancery.Node{Text: "deep"}
	for range depth {
		n = &chancery.Node{Name: "hi", Children: []*chancery.Node{n}}
	}
	return n
}

// divisions is depth divisions nested in one another.
func divisions(depth int) []chancery.Division {
	var kids []chancery.Division
	for i := range depth {
		kids = []chancery.Division{{ID: "div" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), Type: "chapter", Part: chancery.PartBody, Children: kids}}
	}
	return kids
}

// TestUnreadableNeverStored: a volume whose records would nest deeper
// than the reader reads back is refused before anything is stored; one at
// the limit is stored and reads back as it was.
func TestUnreadableNeverStored(t *testing.T) {
	data, err := os.ReadFile("../testdata/volumes/frus1895Supp.xml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(*chancery.VolumeData)
		err    string // "" means stored
	}{
		{"body at the limit", func(v *chancery.VolumeData) { v.Documents[0].Body = chain(9_999) }, ""},
		{"body beyond the limit", func(v *chancery.VolumeData) { v.Documents[0].Body = chain(10_000) }, `document "d1" would nest more than 10000 levels deep`},
		{"body far beyond the limit", func(v *chancery.VolumeData) { v.Documents[0].Body = chain(100_000) }, `document "d1" would nest more than 10000 levels deep`},
		{"footnote beyond the limit", func(v *chancery.VolumeData) {
			v.Documents[0].Notes = append(v.Documents[0].Notes, chancery.Note{ID: "d1fn99", N: "99", Content: chain(9_998)})
		}, `document "d1" would nest`},
		{"divisions within the limit", func(v *chancery.VolumeData) { v.Volume.Structure = divisions(4_998) }, ""},
		{"divisions beyond the limit", func(v *chancery.VolumeData) { v.Volume.Structure = divisions(5_000) }, `volume "frus1895Supp" would nest more than 10000 levels deep`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := openDB(t)
			v, err := ingest.Decode("frus1895Supp.xml", data)
			if err != nil {
				t.Fatal(err)
			}
			tt.change(v)
			r := ingest.Put(ctx, db, "frus1895Supp.xml", v)
			if tt.err != "" {
				if r.Err == nil || !strings.Contains(r.Err.Error(), tt.err) || !strings.Contains(r.Err.Error(), "the reader could not read it back") {
					t.Errorf("Put: %v, want %q", r.Err, tt.err)
				}
				if vols, _ := db.Volumes(ctx); len(vols) != 0 {
					t.Errorf("stored %d volumes", len(vols))
				}
				return
			}
			if r.Err != nil {
				t.Fatalf("Put: %v", r.Err)
			}
			vol, err := db.Volume(ctx, v.Volume.ID)
			if err != nil {
				t.Fatalf("volume does not read back: %v", err)
			}
			doc, err := db.Document(ctx, v.Volume.ID, v.Documents[0].ID)
			if err != nil {
				t.Fatalf("document does not read back: %v", err)
			}
			same(t, "structure", vol.Structure, v.Volume.Structure)
			same(t, "body", doc.Body, v.Documents[0].Body)
		})
	}
}

// TestDeepestDecodedIsStored: the deepest markup the decoder accepts is
// stored and reads back as decoded.
func TestDeepestDecodedIsStored(t *testing.T) {
	inner := tei.MaxDepth - 6 // TEI, text, body, div, p, and the last hi
	xml := `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1900deep"><text><body>` +
		`<div type="document" xml:id="d1" n="1"><head>Deep</head><p>` +
		strings.Repeat(`<hi rend="italic">`, inner+1) + "x" + strings.Repeat("</hi>", inner+1) +
		`</p></div></body></text></TEI>`
	ctx := context.Background()
	db := openDB(t)
	v, err := ingest.Decode("deep.xml", []byte(xml))
	if err != nil {
		t.Fatal(err)
	}
	if r := ingest.Put(ctx, db, "deep.xml", v); r.Err != nil {
		t.Fatal(r.Err)
	}
	doc, err := db.Document(ctx, "frus1900deep", "d1")
	if err != nil {
		t.Fatal(err)
	}
	same(t, "body", doc.Body, v.Documents[0].Body)
	if _, err := ingest.Decode("deeper.xml", []byte(strings.Replace(xml, "<p>", "<p><hi>", 1))); err == nil {
		t.Error("one level more decoded")
	}
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if string(a) != string(b) {
		t.Errorf("%s reads back different (%d bytes of JSON, want %d)", what, len(a), len(b))
	}
}
