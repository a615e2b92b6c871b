package cite

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/tei"
)

const hsg = "https://history.state.gov/historicaldocuments/"

var (
	volumesMu sync.Mutex
	volumes   = map[string]*chancery.VolumeData{}
)

// load decodes a test volume once.
func load(t *testing.T, id string) *chancery.VolumeData {
	t.Helper()
	volumesMu.Lock()
	defer volumesMu.Unlock()
	if vd, ok := volumes[id]; ok {
		return vd
	}
	data, err := os.ReadFile("../testdata/volumes/" + id + ".xml")
	if err != nil {
		t.Fatal(err)
	}
	vd, err := tei.Decode(data, id+".xml")
	if err != nil {
		t.Fatalf("decode %s: %v", id, err)
	}
	volumes[id] = vd
	return vd
}

// lookup returns a test volume and one of its documents (nil for docID "").
func lookup(t *testing.T, volID, docID string) (*chancery.Volume, *chancery.Document) {
	t.Helper()
	vd := load(t, volID)
	if docID == "" {
		return vd.Volume, nil
	}
	for _, d := range vd.Documents {
		if d.ID == docID {
			return vd.Volume, d
		}
	}
	t.Fatalf("%s has no document %s", volID, docID)
	return nil, nil
}

func url(volID, docID string) string {
	if docID == "" {
		return hsg + volID
	}
	return hsg + volID + "/" + docID
}

func TestChicago(t *testing.T) {
	tests := []struct {
		vol, doc string
		want     string
	}{
		{"frus1961-63v05", "d253", "Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union, eds. Charles S. Sampson and John Michael Joyce (Washington: Government Printing Office, 1998), Document 253. " + url("frus1961-63v05", "d253")},
		// An editorial note is cited by number like any document.
		{"frus1961-63v05", "d255", "Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union, eds. Charles S. Sampson and John Michael Joyce (Washington: Government Printing Office, 1998), Document 255. " + url("frus1961-63v05", "d255")},
		// The volume itself.
		{"frus1961-63v05", "", "Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union, eds. Charles S. Sampson and John Michael Joyce (Washington: Government Printing Office, 1998). " + url("frus1961-63v05", "")},
		// Legacy: complete title, no editors, pages instead of numbers.
		{"frus1866p1", "d1", "Papers Relating to Foreign Affairs, Accompanying the Annual Message of the President to the Second Session Thirty-ninth Congress, Part I (Washington: Government Printing Office, 1867), pp. 1–2. " + url("frus1866p1", "d1")},
		{"frus1866p1", "d2", "Papers Relating to Foreign Affairs, Accompanying the Annual Message of the President to the Second Session Thirty-ninth Congress, Part I (Washington: Government Printing Office, 1867), p. 2. " + url("frus1866p1", "d2")},
		{"frus1866p1", "", "Papers Relating to Foreign Affairs, Accompanying the Annual Message of the President to the Second Session Thirty-ninth Congress, Part I (Washington: Government Printing Office, 1867). " + url("frus1866p1", "")},
		// Series and subseries that make up the complete title are used.
		{"frus1895Supp", "d3", "Papers Relating to the Foreign Relations of the United States, 1895, Supplement (Washington: Government Printing Office, 1896), p. 2. " + url("frus1895Supp", "d3")},
	}
	for _, tt := range tests {
		t.Run(tt.vol+"/"+tt.doc, func(t *testing.T) {
			v, d := lookup(t, tt.vol, tt.doc)
			if got := Chicago(v, d, url(tt.vol, tt.doc)); got != tt.want {
				t.Errorf("Chicago:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestChicagoHTML(t *testing.T) {
	tests := []struct {
		vol, doc, url string
		want          string
	}{
		{"frus1961-63v05", "d253", url("frus1961-63v05", "d253"),
			`<i>Foreign Relations of the United States</i>, 1961–1963, Volume V, Soviet Union, eds. Charles S. Sampson and John Michael Joyce (Washington: Government Printing Office, 1998), Document 253. <a href="` + url("frus1961-63v05", "d253") + `">` + url("frus1961-63v05", "d253") + `</a>`},
		{"frus1866p1", "d2", "",
			`<i>Papers Relating to Foreign Affairs, Accompanying the Annual Message of the President to the Second Session Thirty-ninth Congress, Part I</i> (Washington: Government Printing Office, 1867), p. 2.`},
		{"frus1961-63v05", "d253", "https://example.org/?a=1&b=2",
			`<i>Foreign Relations of the United States</i>, 1961–1963, Volume V, Soviet Union, eds. Charles S. Sampson and John Michael Joyce (Washington: Government Printing Office, 1998), Document 253. <a href="https://example.org/?a=1&amp;b=2">https://example.org/?a=1&amp;b=2</a>`},
	}
	for _, tt := range tests {
		v, d := lookup(t, tt.vol, tt.doc)
		if got := ChicagoHTML(v, d, tt.url); got != tt.want {
			t.Errorf("ChicagoHTML(%s/%s):\n got %s\nwant %s", tt.vol, tt.doc, got, tt.want)
		}
	}

	// Markup in titles is escaped.
	v := &chancery.Volume{ID: "x", Titles: chancery.Titles{Complete: "War & <Peace>"}}
	if got, want := ChicagoHTML(v, nil, ""), "<i>War &amp; &lt;Peace&gt;</i> (Washington, n.d.)."; got != want {
		t.Errorf("ChicagoHTML escaping:\n got %s\nwant %s", got, want)
	}
}

// volume builds a modern volume for synthetic tests.
func volume(editors ...string) *chancery.Volume {
	v := &chancery.Volume{
		ID: "frus1969-76v19p1",
		Titles: chancery.Titles{
			Complete:     "Foreign Relations of the United States, 1969–1976, Volume XIX, Part 1, Korea, 1969–1972",
			Series:       "Foreign Relations of the United States",
			Subseries:    "1969–1976",
			VolumeNumber: "Volume XIX, Part 1",
			Volume:       "Korea, 1969–1972",
		},
		Publisher: "United States Government Printing Office",
		PubPlace:  "Washington",
		PubDate:   "2010",
	}
	for _, e := range editors {
		v.Editors = append(v.Editors, chancery.Editor{Name: e, Role: "primary"})
	}
	v.Editors = append(v.Editors, chancery.Editor{Name: "Edward C. Keefer", Role: "general"})
	return v
}

func TestEditors(t *testing.T) {
	doc := &chancery.Document{ID: "d75", N: "75", Title: "Telegram From the Embassy in Korea to the Department of State"}
	const head = "Foreign Relations of the United States, 1969–1976, Volume XIX, Part 1, Korea, 1969–1972"
	tests := []struct {
		editors     []string
		chicago     string
		mlaEditedBy string
	}{
		{nil, head + " (Washington: Government Printing Office, 2010), Document 75.", ""},
		{[]string{"Daniel J. Lawler"}, head + ", ed. Daniel J. Lawler (Washington: Government Printing Office, 2010), Document 75.", "edited by Daniel J. Lawler, "},
		{[]string{"Daniel J. Lawler", "Erin R. Mahan"}, head + ", eds. Daniel J. Lawler and Erin R. Mahan (Washington: Government Printing Office, 2010), Document 75.", "edited by Daniel J. Lawler and Erin R. Mahan, "},
		{[]string{"Daniel J. Lawler", "Erin R. Mahan", "Adam M. Howard"}, head + ", eds. Daniel J. Lawler, Erin R. Mahan, and Adam M. Howard (Washington: Government Printing Office, 2010), Document 75.", "edited by Daniel J. Lawler et al., "},
	}
	for _, tt := range tests {
		v := volume(tt.editors...)
		if got := Chicago(v, doc, ""); got != tt.chicago {
			t.Errorf("Chicago with %d editors:\n got %s\nwant %s", len(tt.editors), got, tt.chicago)
		}
		got := MLA(v, doc, "")
		if tt.mlaEditedBy == "" {
			if strings.Contains(got, "edited by") {
				t.Errorf("MLA without editors names some: %s", got)
			}
		} else if !strings.Contains(got, tt.mlaEditedBy) {
			t.Errorf("MLA with %d editors: %s lacks %q", len(tt.editors), got, tt.mlaEditedBy)
		}
		if got := Meta(v, doc, ""); count(got, "citation_editor") != len(tt.editors) {
			t.Errorf("Meta with %d editors: %v", len(tt.editors), got)
		}
	}

	// Editors without a role are cited when none is primary.
	v := volume()
	v.Editors = []chancery.Editor{{Name: "  Foy D.\n Kohler "}, {Name: "X", Role: "general"}}
	if got := Chicago(v, nil, ""); !strings.Contains(got, ", ed. Foy D. Kohler (") {
		t.Errorf("role-less editor: %s", got)
	}
}

func count(tags []MetaTag, name string) int {
	n := 0
	for _, m := range tags {
		if m.Name == name {
			n++
		}
	}
	return n
}

func TestTitles(t *testing.T) {
	tests := []struct {
		name   string
		titles chancery.Titles
		id     string
		want   string // Chicago of the volume, up to the imprint
	}{
		{"short years", chancery.Titles{Series: "Foreign Relations of the United States", Subseries: "1961-63", VolumeNumber: "Volume V", Volume: "Soviet Union"}, "frus1961-63v05",
			"Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union"},
		{"hyphen", chancery.Titles{Series: "Foreign Relations of the United States", Subseries: "1961-1963", VolumeNumber: "Volume V", Volume: "Soviet Union"}, "frus1961-63v05",
			"Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union"},
		{"part from complete title", chancery.Titles{Complete: "Foreign Relations of the United States, 1969–76, Volume XIX, Part 1, Korea, 1969-1972", Series: "Foreign Relations of the United States", Subseries: "1969–76", VolumeNumber: "Volume XIX", Volume: "Korea, 1969-1972"}, "frus1969-76v19p1",
			"Foreign Relations of the United States, 1969–1976, Volume XIX, Part 1, Korea, 1969–1972"},
		{"century", chancery.Titles{Series: "Foreign Relations of the United States", Subseries: "1999-01", VolumeNumber: "Volume I"}, "x",
			"Foreign Relations of the United States, 1999-01, Volume I"},
		{"legacy", chancery.Titles{Complete: "Papers Relating to the Foreign Relations of the United States, With the Annual Message of the President, 1866, Part I", Series: "Papers Relating to Foreign Affairs", Subseries: "1866"}, "frus1866p1",
			"Papers Relating to the Foreign Relations of the United States, With the Annual Message of the President, 1866, Part I"},
		{"complete only", chancery.Titles{Complete: "Foreign Relations of the United States, 1917, Supplement 2"}, "frus1917Supp02",
			"Foreign Relations of the United States, 1917, Supplement 2"},
		{"nothing", chancery.Titles{}, "frus1900", "frus1900"},
	}
	for _, tt := range tests {
		v := &chancery.Volume{ID: tt.id, Titles: tt.titles}
		got := Chicago(v, nil, "")
		got = got[:strings.Index(got, " (")]
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestNormYears(t *testing.T) {
	for in, want := range map[string]string{
		"1961-63":          "1961–1963",
		"1961–63":          "1961–1963",
		"1961-1963":        "1961–1963",
		"1969 - 76":        "1969–1976",
		"1969–1976":        "1969–1976",
		"1917":             "1917",
		"1962-10-18":       "1962-10-18",
		"1962-10":          "1962-10",
		"Korea, 1969-1972": "Korea, 1969–1972",
	} {
		if got := normYears(in); got != want {
			t.Errorf("normYears(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestImprint(t *testing.T) {
	tests := []struct{ publisher, place, date, want string }{
		{"United States Government Printing Office", "Washington", "1998", "(Washington: Government Printing Office, 1998)"},
		{"U.S. Government Printing Office", "", "c. 1998", "(Washington: Government Printing Office, 1998)"},
		{"GPO", "Washington, DC", "2001-05-03", "(Washington, DC: Government Printing Office, 2001)"},
		{"United States Government Publishing Office", "Washington", "2017", "(Washington: Government Publishing Office, 2017)"},
		{"Department of State", "Washington", "2020", "(Washington: Department of State, 2020)"},
		{"Office of the Historian", "Washington", "", "(Washington: Office of the Historian, n.d.)"},
		{"", "", "1867", "(Washington, 1867)"},
	}
	for _, tt := range tests {
		v := &chancery.Volume{ID: "frus1980", Titles: chancery.Titles{Complete: "T"}, Publisher: tt.publisher, PubPlace: tt.place, PubDate: tt.date}
		if got := Chicago(v, nil, ""); got != "T "+tt.want+"." {
			t.Errorf("%q/%q/%q: got %s, want T %s.", tt.publisher, tt.place, tt.date, got, tt.want)
		}
	}
}

func TestLocator(t *testing.T) {
	legacy := &chancery.Volume{ID: "frus1934v04", Titles: chancery.Titles{Complete: "Foreign Relations of the United States, 1934, Volume IV"}, PubDate: "1951"}
	modern := volume()
	tests := []struct {
		name string
		v    *chancery.Volume
		d    chancery.Document
		want string
	}{
		{"range", legacy, chancery.Document{ID: "d84", N: "84", Pages: []string{"534", "535", "536"}}, ", pp. 534–536."},
		{"one page", legacy, chancery.Document{ID: "d84", N: "84", Pages: []string{"534"}}, ", p. 534."},
		{"brackets skipped", legacy, chancery.Document{ID: "d84", N: "84", Pages: []string{"[I]", "", "534", "[6]"}}, ", p. 534."},
		{"no page", legacy, chancery.Document{ID: "d84", N: "84", Pages: []string{"[6]"}}, ", Document 84."},
		{"number from id", legacy, chancery.Document{ID: "d84"}, ", Document 84."},
		{"nothing", legacy, chancery.Document{ID: "x"}, "(Washington, 1951)."},
		{"modern", modern, chancery.Document{ID: "d75", N: "75", Pages: []string{"200", "201"}}, ", Document 75."},
		{"modern without number", modern, chancery.Document{ID: "app1", Pages: []string{"200", "201"}}, ", pp. 200–201."},
	}
	for _, tt := range tests {
		if got := Chicago(tt.v, &tt.d, ""); !strings.HasSuffix(got, tt.want) {
			t.Errorf("%s: %s does not end in %q", tt.name, got, tt.want)
		}
	}
	// The 1955–1957 subseries is the first cited by number.
	v := &chancery.Volume{ID: "frus1955-57v24", Titles: chancery.Titles{Series: "Foreign Relations of the United States", Subseries: "1955–57", VolumeNumber: "Volume XXIV"}}
	if got := Chicago(v, &chancery.Document{ID: "d3", N: "3", Pages: []string{"5"}}, ""); !strings.HasSuffix(got, ", Document 3.") {
		t.Errorf("1955–1957: %s", got)
	}
}

func TestMLA(t *testing.T) {
	tests := []struct {
		vol, doc string
		want     string
	}{
		{"frus1961-63v05", "d253", `United States, Department of State. "Memorandum of Conversation." Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union, edited by Charles S. Sampson and John Michael Joyce, Government Printing Office, 1998, document 253. Office of the Historian, ` + url("frus1961-63v05", "d253") + "."},
		{"frus1961-63v05", "", `United States, Department of State. Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union. Edited by Charles S. Sampson and John Michael Joyce, Government Printing Office, 1998. Office of the Historian, ` + url("frus1961-63v05", "") + "."},
		// The title's own period is not doubled.
		{"frus1866p1", "d1", `United States, Department of State. "Mr. Seward to Mr. Adams." Papers Relating to Foreign Affairs, Accompanying the Annual Message of the President to the Second Session Thirty-ninth Congress, Part I, Government Printing Office, 1867, pp. 1–2. Office of the Historian, ` + url("frus1866p1", "d1") + "."},
	}
	for _, tt := range tests {
		v, d := lookup(t, tt.vol, tt.doc)
		if got := MLA(v, d, url(tt.vol, tt.doc)); got != tt.want {
			t.Errorf("MLA(%s/%s):\n got %s\nwant %s", tt.vol, tt.doc, got, tt.want)
		}
	}
	v, d := lookup(t, "frus1961-63v05", "d253")
	if got := MLA(v, d, ""); strings.Contains(got, "Office of the Historian") || !strings.HasSuffix(got, "document 253.") {
		t.Errorf("MLA without URL: %s", got)
	}
	if got := MLAHTML(v, d, ""); !strings.Contains(got, "<i>Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union</i>, edited by") {
		t.Errorf("MLAHTML: %s", got)
	}
}

func TestBibTeX(t *testing.T) {
	v, d := lookup(t, "frus1961-63v05", "d253")
	want := `@incollection{frus1961-63v05-d253,
  title     = {{Memorandum of Conversation}},
  booktitle = {Foreign Relations of the United States, 1961--1963, Volume V, Soviet Union},
  series    = {Foreign Relations of the United States},
  editor    = {Sampson, Charles S. and Joyce, John Michael},
  publisher = {Government Printing Office},
  address   = {Washington},
  year      = {1998},
  type      = {Document},
  chapter   = {253},
  pages     = {533--534},
  isbn      = {9780160451423},
  url       = {https://history.state.gov/historicaldocuments/frus1961-63v05/d253},
  note      = {Dated October 18, 1962}
}
`
	if got := BibTeX(v, d, url("frus1961-63v05", "d253")); got != want {
		t.Errorf("BibTeX:\n%s\nwant\n%s", got, want)
	}

	// A volume is a @book; a legacy document is cited by pages.
	if got := BibTeX(v, nil, ""); !strings.HasPrefix(got, "@book{frus1961-63v05,\n") || strings.Contains(got, "booktitle") {
		t.Errorf("BibTeX of a volume:\n%s", got)
	}
	lv, ld := lookup(t, "frus1866p1", "d1")
	got := BibTeX(lv, ld, "")
	if !strings.Contains(got, "pages     = {1--2}") || strings.Contains(got, "chapter") || strings.Contains(got, "editor") {
		t.Errorf("BibTeX of a legacy document:\n%s", got)
	}

	// LaTeX specials are escaped; braces stay balanced.
	sd := &chancery.Document{ID: "d1", N: "1", Title: `Trade & Tariffs: a 5% cut of $3 for #1_a {x} ~^\`}
	got = BibTeX(volume("A_B"), sd, "")
	wantTitle := `title     = {{Trade \& Tariffs: a 5\% cut of \$3 for \#1\_a \textbraceleft{}x\textbraceright{} \textasciitilde{}\textasciicircum{}\textbackslash{}}},`
	if !strings.Contains(got, wantTitle) {
		t.Errorf("BibTeX escaping:\n%s\nwant a line\n%s", got, wantTitle)
	}
	if !strings.Contains(got, `editor    = {A\_B}`) {
		t.Errorf("BibTeX editor escaping:\n%s", got)
	}
	depth := 0
	for i, r := range got {
		switch r {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth < 0 {
			t.Fatalf("unbalanced braces at %d:\n%s", i, got)
		}
	}
	if depth != 0 {
		t.Errorf("unbalanced braces:\n%s", got)
	}
}

func TestRIS(t *testing.T) {
	v, d := lookup(t, "frus1961-63v05", "d253")
	got := RIS(v, d, url("frus1961-63v05", "d253"))
	want := "TY  - CHAP\r\n" +
		"TI  - Memorandum of Conversation\r\n" +
		"T2  - Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union\r\n" +
		"T3  - Foreign Relations of the United States\r\n" +
		"ED  - Sampson, Charles S.\r\n" +
		"ED  - Joyce, John Michael\r\n" +
		"PB  - Government Printing Office\r\n" +
		"CY  - Washington\r\n" +
		"PY  - 1998\r\n" +
		"SP  - 533\r\n" +
		"EP  - 534\r\n" +
		"M1  - 253\r\n" +
		"SN  - 9780160451423\r\n" +
		"N1  - Date: October 18, 1962\r\n" +
		"UR  - https://history.state.gov/historicaldocuments/frus1961-63v05/d253\r\n" +
		"ER  - \r\n"
	if got != want {
		t.Errorf("RIS:\n%q\nwant\n%q", got, want)
	}

	for _, tt := range []struct{ vol, doc, ty string }{
		{"frus1961-63v05", "d253", "CHAP"},
		{"frus1961-63v05", "", "BOOK"},
		{"frus1866p1", "d4", "CHAP"},
		{"frus1866p1", "", "BOOK"},
	} {
		v, d := lookup(t, tt.vol, tt.doc)
		got := RIS(v, d, url(tt.vol, tt.doc))
		if !strings.HasPrefix(got, "TY  - "+tt.ty+"\r\n") {
			t.Errorf("%s/%s: does not start with TY %s:\n%q", tt.vol, tt.doc, tt.ty, got)
		}
		if !strings.HasSuffix(got, "\r\nER  - \r\n") || strings.Count(got, "ER  - ") != 1 {
			t.Errorf("%s/%s: ER is not the last line:\n%q", tt.vol, tt.doc, got)
		}
		if strings.Count(got, "\n") != strings.Count(got, "\r\n") || strings.Count(got, "\r") != strings.Count(got, "\r\n") {
			t.Errorf("%s/%s: line ends other than CRLF:\n%q", tt.vol, tt.doc, got)
		}
		for _, line := range strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n") {
			if len(line) < 6 || line[2:6] != "  - " {
				t.Errorf("%s/%s: malformed line %q", tt.vol, tt.doc, line)
			}
		}
	}
}

func TestCSLJSON(t *testing.T) {
	v, d := lookup(t, "frus1961-63v05", "d253")
	out := CSLJSON(v, d, url("frus1961-63v05", "d253"))
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("CSL-JSON does not parse: %v\n%s", err, out)
	}
	if len(items) != 1 {
		t.Fatalf("%d items, want 1", len(items))
	}
	it := items[0]
	for k, want := range map[string]any{
		"id":               "frus1961-63v05-d253",
		"type":             "chapter",
		"title":            "Memorandum of Conversation",
		"container-title":  "Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union",
		"collection-title": "Foreign Relations of the United States",
		"publisher":        "Government Printing Office",
		"publisher-place":  "Washington",
		"number":           "253",
		"page":             "533-534",
		"URL":              url("frus1961-63v05", "d253"),
		"ISBN":             "9780160451423",
		"editor": []any{
			map[string]any{"family": "Sampson", "given": "Charles S."},
			map[string]any{"family": "Joyce", "given": "John Michael"},
		},
		"issued":     map[string]any{"date-parts": []any{[]any{1998.0}}},
		"event-date": map[string]any{"date-parts": []any{[]any{1962.0, 10.0, 18.0}}},
	} {
		if !reflect.DeepEqual(it[k], want) {
			t.Errorf("%s = %#v, want %#v", k, it[k], want)
		}
	}

	// A volume is a book without a container.
	if got := CSL(v, nil, ""); got.Type != "book" || got.ContainerTitle != "" || got.Number != "" || got.Title != "Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union" {
		t.Errorf("CSL of a volume: %+v", got)
	}

	// Dates keep their precision: a letter spanning two days, a month.
	_, d256 := lookup(t, "frus1961-63v05", "d256")
	if got := CSL(v, d256, "").EventDate; got == nil || !reflect.DeepEqual(got.DateParts, [][]int{{1962, 10, 20}, {1962, 10, 21}}) {
		t.Errorf("d256 event-date = %+v", got)
	}
	lv, d4 := lookup(t, "frus1866p1", "d4")
	if got := CSL(lv, d4, "").EventDate; got == nil || !reflect.DeepEqual(got.DateParts, [][]int{{1866, 7}}) {
		t.Errorf("frus1866p1 d4 event-date = %+v", got)
	}
	_, d255 := lookup(t, "frus1961-63v05", "d255")
	if got := CSL(v, d255, "").EventDate; got != nil {
		t.Errorf("undated d255 has event-date %+v", got)
	}

	// "&" is not escaped as \u0026.
	sv := volume()
	sv.Titles.Volume = "Trade & Aid"
	sv.Titles.Complete = ""
	if out := CSLJSON(sv, nil, ""); !strings.Contains(out, "Trade & Aid") {
		t.Errorf("CSL-JSON escapes &:\n%s", out)
	}
}

func TestSplitName(t *testing.T) {
	for in, want := range map[string]Name{
		"Charles S. Sampson":    {Family: "Sampson", Given: "Charles S."},
		"John Michael Joyce":    {Family: "Joyce", Given: "John Michael"},
		"Sampson, Charles S.":   {Family: "Sampson", Given: "Charles S."},
		"Foy D. Kohler, Jr.":    {Family: "Kohler", Given: "Foy D.", Suffix: "Jr."},
		"Foy D. Kohler Jr.":     {Family: "Kohler", Given: "Foy D.", Suffix: "Jr."},
		"Kohler, Foy D., Jr.":   {Family: "Kohler", Given: "Foy D.", Suffix: "Jr."},
		"Martin van Buren":      {Family: "van Buren", Given: "Martin"},
		"Ludwig von der Tann":   {Family: "von der Tann", Given: "Ludwig"},
		"Herodotus":             {Family: "Herodotus"},
		"  Charles \n Sampson ": {Family: "Sampson", Given: "Charles"},
	} {
		if got := SplitName(in); got != want {
			t.Errorf("SplitName(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestMeta(t *testing.T) {
	v, d := lookup(t, "frus1961-63v05", "d253")
	got := Meta(v, d, url("frus1961-63v05", "d253"))
	want := []MetaTag{
		{"citation_title", "Memorandum of Conversation"},
		{"citation_inbook_title", "Foreign Relations of the United States, 1961–1963, Volume V, Soviet Union"},
		{"citation_editor", "Charles S. Sampson"},
		{"citation_editor", "John Michael Joyce"},
		{"citation_publisher", "Government Printing Office"},
		{"citation_publication_date", "1998"},
		{"citation_date", "1962/10/18"},
		{"citation_firstpage", "533"},
		{"citation_lastpage", "534"},
		{"citation_public_url", url("frus1961-63v05", "d253")},
		{"citation_isbn", "9780160451423"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Meta:\n got %v\nwant %v", got, want)
	}

	got = Meta(v, nil, "")
	if count(got, "citation_book_title") != 1 || count(got, "citation_inbook_title") != 0 || count(got, "citation_firstpage") != 0 || count(got, "citation_public_url") != 0 {
		t.Errorf("Meta of a volume: %v", got)
	}
	lv, ld := lookup(t, "frus1866p1", "d1")
	got = Meta(lv, ld, "")
	if count(got, "citation_editor") != 0 || count(got, "citation_isbn") != 0 || count(got, "citation_date") != 1 {
		t.Errorf("Meta of a legacy document: %v", got)
	}

	if got, want := (MetaTag{"citation_title", `A "B" & C`}).HTML(), `<meta name="citation_title" content="A &#34;B&#34; &amp; C">`; got != want {
		t.Errorf("MetaTag.HTML = %s, want %s", got, want)
	}
}

func TestFormat(t *testing.T) {
	v, d := lookup(t, "frus1961-63v05", "d253")
	u := url("frus1961-63v05", "d253")
	for _, s := range Styles {
		got, err := Format(s.Name, v, d, u)
		if err != nil {
			t.Errorf("Format(%q): %v", s.Name, err)
			continue
		}
		if want := s.Func(v, d, u); got != want || got == "" {
			t.Errorf("Format(%q) = %q, want %q", s.Name, got, want)
		}
		if s.Label == "" || !strings.HasPrefix(s.Ext, ".") || s.MIME == "" {
			t.Errorf("style %q is incomplete: %+v", s.Name, s)
		}
	}
	if got, err := Format(" BibTeX ", v, d, u); err != nil || !strings.HasPrefix(got, "@incollection{") {
		t.Errorf("Format is not case-insensitive: %q, %v", got, err)
	}
	if _, err := Format("apa", v, d, u); err == nil || !strings.Contains(err.Error(), `unknown style "apa"`) || !strings.Contains(err.Error(), "csl-json") {
		t.Errorf("Format(apa) error = %v", err)
	}
	if _, err := Format("chicago", nil, d, u); err == nil {
		t.Error("Format with a nil volume did not fail")
	}

	mimes := map[string]string{}
	for _, s := range Styles {
		mimes[s.Name] = s.MIME + " " + s.Ext
	}
	want := map[string]string{
		"chicago":  "text/plain .txt",
		"mla":      "text/plain .txt",
		"bibtex":   "application/x-bibtex .bib",
		"ris":      "application/x-research-info-systems .ris",
		"csl-json": "application/vnd.citationstyles.csl+json .json",
	}
	if !reflect.DeepEqual(mimes, want) {
		t.Errorf("Styles = %v, want %v", mimes, want)
	}
	s, _ := Lookup("ris")
	if got := s.Filename(v, d); got != "frus1961-63v05-d253.ris" {
		t.Errorf("Filename = %q", got)
	}
}

func TestKey(t *testing.T) {
	v := &chancery.Volume{ID: "frus1961-63v05"}
	for _, tt := range []struct {
		v    *chancery.Volume
		d    *chancery.Document
		want string
	}{
		{v, &chancery.Document{ID: "d253"}, "frus1961-63v05-d253"},
		{v, nil, "frus1961-63v05"},
		{v, &chancery.Document{ID: "d1 {x}"}, "frus1961-63v05-d1__x_"},
		{nil, nil, "frus"},
	} {
		if got := Key(tt.v, tt.d); got != tt.want {
			t.Errorf("Key = %q, want %q", got, tt.want)
		}
	}
}

func TestNilVolume(t *testing.T) {
	for _, s := range Styles {
		if got := s.Func(nil, nil, "x"); got != "" {
			t.Errorf("%s(nil) = %q", s.Name, got)
		}
	}
	if Meta(nil, nil, "") != nil || ChicagoHTML(nil, nil, "") != "" || MLAHTML(nil, nil, "") != "" {
		t.Error("nil volume gives output")
	}
}

func TestDateInfo(t *testing.T) {
	est := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02T15:04:05", s, eastern)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UTC()
	}
	tests := []struct{ min, max, human, slashed string }{
		{"1962-10-18T17:00:00", "1962-10-18T17:00:00", "October 18, 1962", "1962/10/18"},
		{"1962-10-20T00:00:00", "1962-10-21T23:59:59", "October 20–21, 1962", "1962/10/20"},
		{"1962-10-31T00:00:00", "1962-11-01T23:59:59", "October 31–November 1, 1962", "1962/10/31"},
		{"1962-12-31T00:00:00", "1963-01-01T23:59:59", "December 31, 1962–January 1, 1963", "1962/12/31"},
		{"1866-07-01T00:00:00", "1866-07-31T23:59:59", "July 1866", "1866/07"},
		{"1895-01-01T00:00:00", "1895-03-31T23:59:59", "January–March 1895", "1895/01"},
		{"1895-01-01T00:00:00", "1895-12-31T23:59:59", "1895", "1895"},
	}
	for _, tt := range tests {
		di := newDateInfo(&chancery.Interval{Min: est(tt.min), Max: est(tt.max)})
		if got := di.human(); got != tt.human {
			t.Errorf("%s…%s: human = %q, want %q", tt.min, tt.max, got, tt.human)
		}
		if got := di.slashed(); got != tt.slashed {
			t.Errorf("%s…%s: slashed = %q, want %q", tt.min, tt.max, got, tt.slashed)
		}
	}
	if newDateInfo(nil) != nil {
		t.Error("nil interval gives a date")
	}
}
