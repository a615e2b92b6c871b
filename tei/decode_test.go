package tei

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func readVolume(t testing.TB, name string) *chancery.VolumeData {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "volumes", name))
	if err != nil {
		t.Fatal(err)
	}
	v, err := Decode(data, name)
	if err != nil {
		t.Fatalf("Decode(%s): %v", name, err)
	}
	return v
}

// TestGolden compares the decoder's whole output for each test volume with
// a golden JSON file; run with -update to accept a deliberate change.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "volumes", "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test volumes: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			v := readVolume(t, name)
			got, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".xml")+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./tei -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("decoded %s differs from %s; run go test ./tei -update and review the diff", name, golden)
			}
		})
	}
}

func findDoc(t *testing.T, v *chancery.VolumeData, id string) *chancery.Document {
	t.Helper()
	for _, d := range v.Documents {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("document %s not found", id)
	return nil
}

// TestMemorandumOfConversation checks the fields a reader relies on in the
// modern memorandum of conversation, beyond what the golden file pins.
func TestMemorandumOfConversation(t *testing.T) {
	v := readVolume(t, "frus1961-63v05.xml")
	vol := v.Volume
	if vol.ID != "frus1961-63v05" || vol.Titles.VolumeNumber != "Volume V" || vol.Titles.Volume != "Soviet Union" {
		t.Errorf("volume id/titles = %q %+v", vol.ID, vol.Titles)
	}
	if len(vol.Editors) != 3 || vol.Editors[0].Name != "Charles S. Sampson" || vol.Editors[0].Role != "primary" {
		t.Errorf("editors = %+v", vol.Editors)
	}
	if len(vol.ISBNs) != 2 {
		t.Errorf("ISBNs = %+v", vol.ISBNs)
	}
	if got := personName(vol, "p_GAA1"); got != "Gromyko, Andrei A." {
		t.Errorf("person p_GAA1 = %q", got)
	}
	d := findDoc(t, v, "d253")
	if d.Title != "Memorandum of Conversation" {
		t.Errorf("title = %q", d.Title)
	}
	if d.SourceNote == nil || !strings.HasPrefix(d.SourceNote.Text, "Source: Kennedy Library") || !strings.Contains(d.SourceNote.Text, "Countries Series, USSR") {
		t.Errorf("source note = %+v", d.SourceNote)
	}
	if d.Dateline == nil || d.Dateline.Place != "Washington" || d.Dateline.Text != "Washington, October 18, 1962, 5 p.m." {
		t.Errorf("dateline = %+v", d.Dateline)
	}
	if d.Date == nil || d.Date.Min.Format("2006-01-02T15:04Z07:00") != "1962-10-18T22:00Z" || d.Date.Source != chancery.DateFromAttributes {
		t.Errorf("date = %+v", d.Date)
	}
	if len(d.Subject) != 1 || d.Subject[0] != "Miscellaneous" {
		t.Errorf("subject = %q", d.Subject)
	}
	if len(d.Participants) != 2 || d.Participants[0].Side != "US" || len(d.Participants[0].People) != 5 ||
		d.Participants[1].Side != "USSR" || d.Participants[1].People[0] != "Foreign Minister Gromyko" {
		t.Errorf("participants = %+v", d.Participants)
	}
	if len(d.Notes) != 2 || d.Notes[0].ID != "d253fn1" || d.Notes[0].Anchor != "participants" || d.Notes[1].N != "2" {
		t.Errorf("notes = %+v", d.Notes)
	}
	if strings.Join(d.Pages, ",") != "533,534" {
		t.Errorf("pages = %v, want 533,534", d.Pages)
	}
	var cross bool
	for _, r := range d.Refs {
		if r.Target == "frus1961-63v15#pg_370" && r.Note == "d253fn2" {
			cross = true
		}
	}
	if !cross {
		t.Errorf("cross-volume ref in d253fn2 missing: %+v", d.Refs)
	}
	// The page break mid-paragraph stays in place in the body.
	var pbInP bool
	d.Body.Walk(func(n *chancery.Node) bool {
		if n.Name == "p" {
			for _, c := range n.Children {
				if c.Name == "pb" && c.Attr("n") == "534" {
					pbInP = true
				}
			}
		}
		return true
	})
	if !pbInP {
		t.Error("page break 534 is not inside its paragraph")
	}
}

func personName(v *chancery.Volume, id string) string {
	for _, p := range v.Persons {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}

func TestDocumentKinds(t *testing.T) {
	v := readVolume(t, "frus1961-63v05.xml")
	tel := findDoc(t, v, "d254")
	if tel.FirstPage() != "534" || tel.LastPage() != "535" {
		t.Errorf("telegram pages = %v, want 534–535", tel.Pages)
	}
	var tabA bool
	tel.Body.Walk(func(n *chancery.Node) bool {
		if n.Name == "note" && n.Attr("rend") == "inline" && n.PlainText() == "Tab A" {
			tabA = true
		}
		return true
	})
	if !tabA {
		t.Error("inline note Tab A not kept in place")
	}
	for _, n := range tel.Notes {
		if n.Text == "Tab A" {
			t.Error("inline note Tab A counted as a footnote")
		}
	}
	if len(tel.Signed) != 1 || tel.Signed[0] != "Kohler" {
		t.Errorf("signed = %q", tel.Signed)
	}
	ed := findDoc(t, v, "d255")
	if !ed.IsEditorialNote() || ed.Date != nil || ed.Dateline != nil {
		t.Errorf("editorial note: subtype %q date %+v", ed.Subtype, ed.Date)
	}
	letter := findDoc(t, v, "d256")
	if len(letter.Attachments) != 1 {
		t.Fatalf("attachments = %+v", letter.Attachments)
	}
	if letter.Date == nil || letter.Date.Source != chancery.DateFromAttributes && letter.Date.Source != chancery.DateFromDateline {
		t.Errorf("letter date = %+v", letter.Date)
	}
	var attachNotes []string
	for _, n := range letter.Notes {
		if n.Anchor == "attachment" {
			attachNotes = append(attachNotes, n.N)
		}
	}
	if strings.Join(attachNotes, ",") != "2,3" {
		t.Errorf("attachment footnotes = %v, want 2,3 (numbering continues)", attachNotes)
	}
	tab := findDoc(t, v, "d257")
	if tab.Title != "Memorandum for the Record" || tab.N != "257" {
		t.Errorf("d257 title %q n %q", tab.Title, tab.N)
	}
	if tab.Unknown["frus:mystery"] != 1 || !strings.Contains(tab.Body.PlainText(), "only agricultural equipment") {
		t.Errorf("unknown element not counted or its text lost: %v", tab.Unknown)
	}
	var table bool
	tab.Body.Walk(func(n *chancery.Node) bool { table = table || n.Name == "table"; return true })
	if !table {
		t.Error("table missing from body")
	}
	var unknownWarned bool
	for _, w := range v.Warnings {
		if w.Kind == chancery.WarnUnknownElement && strings.Contains(w.Message, "frus:mystery") && w.Line > 0 {
			unknownWarned = true
		}
	}
	if !unknownWarned {
		t.Errorf("no warning for the unknown element: %v", v.Warnings)
	}
}

func TestLegacyVolume(t *testing.T) {
	v := readVolume(t, "frus1866p1.xml")
	var nested, impossible int
	for _, d := range v.Documents {
		if d.Parent != "" {
			nested++
		}
	}
	for _, w := range v.Warnings {
		if w.Kind == chancery.WarnImpossibleDate {
			impossible++
		}
	}
	if nested < 2 {
		t.Errorf("nested documents = %d, want at least 2 (d4a and the id-less enclosure)", nested)
	}
	if impossible == 0 {
		t.Error("no warning for the impossible year 1045")
	}
	for _, d := range v.Documents {
		if d.Title == "" || len(d.Pages) == 0 {
			t.Errorf("%s: title %q pages %v", d.ID, d.Title, d.Pages)
		}
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		file string
		line int
		msg  string // part of the error; "" means the file is accepted
	}{
		{"truncated.xml", 36, "unexpected end of file"},
		{"malformed.xml", 20, "malformed XML"},
		{"invalid-utf8.xml", 40, "invalid UTF-8"},
		{"bom.xml", 0, ""},
		{"not-tei.xml", 2, "not a TEI document"},
		{"wrong-namespace.xml", 2, "not in the TEI namespace"},
		{"empty.xml", 0, "empty file"},
		{"whitespace-only.xml", 0, "empty file"},
		{"duplicate-ids.xml", 42, `duplicate xml:id "d2"`},
		{"missing-ids.xml", 0, ""},
		{"missing-volume-id.xml", 2, "no volume id"},
		{"entity-expansion.xml", 2, "a DOCTYPE with declarations ([…]) is not read"},
		{"external-entity.xml", 2, "a DOCTYPE with declarations ([…]) is not read"},
		{"doctype-subset.xml", 2, "a DOCTYPE with declarations ([…]) is not read"},
		{"external-dtd.xml", 0, ""},
		{"undefined-entity.xml", 40, "invalid character entity &mdash;"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "bad", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			v, err := Decode(data, tt.file)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("Decode: %v, want success", err)
				}
				if len(v.Documents) == 0 {
					t.Error("no documents")
				}
				return
			}
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("Decode error = %v, want *tei.Error", err)
			}
			if te.File != tt.file || te.Line != tt.line || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %q (file %q line %d), want %s line %d containing %q", err, te.File, te.Line, tt.file, tt.line, tt.msg)
			}
		})
	}
}

func TestMissingIDsWarn(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "bad", "missing-ids.xml"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := Decode(data, "missing-ids.xml")
	if err != nil {
		t.Fatal(err)
	}
	var warned bool
	for _, w := range v.Warnings {
		if w.Kind == chancery.WarnMissingID && w.Line == 35 {
			warned = true
		}
	}
	if !warned || len(v.Documents) != 3 {
		t.Errorf("documents %d, warnings %v; want 3 documents and a missing-id warning on line 35", len(v.Documents), v.Warnings)
	}
}

// FuzzDecode feeds arbitrary bytes to the decoder: it must never panic, and
// what it decodes must survive a JSON round trip.
func FuzzDecode(f *testing.F) {
	// Small seeds keep the fuzzer fast: the bad inputs, all built on one
	// small volume.
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "bad", "*.xml"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Decode(data, "fuzz.xml")
		checkDecoded(t, v, err)
	})
}

// checkDecoded is what the fuzz targets ask of any input's decoding:
// either a *tei.Error, or a volume with an id whose every document's
// record reads back.
func checkDecoded(t *testing.T, v *chancery.VolumeData, err error) {
	t.Helper()
	if err != nil {
		var te *Error
		if !errors.As(err, &te) {
			t.Fatalf("error %v is not a *tei.Error", err)
		}
		return
	}
	if v.Volume.ID == "" {
		t.Fatal("decoded volume without id")
	}
	for _, d := range v.Documents {
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var back chancery.Document
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("round trip of %s: %v", d.ID, err)
		}
	}
}
