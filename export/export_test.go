package export

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/tei"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// volumes are the hand-written test volumes of the project.
var volumes = []string{"frus1961-63v05.xml", "frus1866p1.xml", "frus1895Supp.xml"}

// volume is a decoded test volume with its documents by id.
type volume struct {
	name string
	docs []*chancery.Document
	byID map[string]*chancery.Document
}

// resolve finds a document of the volume by id, as Text and Markdown need.
func (v *volume) resolve(id string) *chancery.Document { return v.byID[id] }

func load(t *testing.T, file string) *volume {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "volumes", file))
	if err != nil {
		t.Fatal(err)
	}
	vd, err := tei.Decode(data, file)
	if err != nil {
		t.Fatal(err)
	}
	v := &volume{name: strings.TrimSuffix(file, ".xml"), docs: vd.Documents, byID: map[string]*chancery.Document{}}
	for _, d := range vd.Documents {
		v.byID[d.ID] = d
	}
	return v
}

// doc returns the rendering of one document of a test volume, with
// enclosures resolved.
func doc(t *testing.T, file, id string) (*volume, *chancery.Document) {
	t.Helper()
	v := load(t, file)
	d := v.byID[id]
	if d == nil {
		t.Fatalf("%s: no document %s", file, id)
	}
	return v, d
}

// TestGolden compares the text and Markdown of every top-level document
// of the test volumes with testdata/<volume>-<id>.txt and .md. Run with
// -update to rewrite them.
func TestGolden(t *testing.T) {
	for _, file := range volumes {
		v := load(t, file)
		for _, d := range v.docs {
			if d.Parent != "" {
				continue // rendered in place in its parent
			}
			base := filepath.Join("testdata", v.name+"-"+d.ID)
			golden(t, base+".txt", Text(d, v.resolve))
			golden(t, base+".md", Markdown(d, v.resolve))
		}
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// gluedMarker matches a footnote marker glued to the word before it, the
// seed's "Gromyko1".
var gluedMarker = regexp.MustCompile(`[A-Za-z]\[\d`)

// TestSeedDocument checks the text of d253 against the flaws the corpus
// README lists for the seed copy.
func TestSeedDocument(t *testing.T) {
	_, d := doc(t, "frus1961-63v05.xml", "d253")
	got := Text(d, nil)
	lines := strings.Split(got, "\n")
	if lines[0] != "253. Memorandum of Conversation [0]" {
		t.Errorf("first line %q", lines[0])
	}
	mustContain(t, got,
		"\nWashington, October 18, 1962, 5 p.m.\n",
		"economic field and [Page 534] in the satisfaction",
		"nuclear tests, [2] Mr. Gromyko said",
		"pp. 370–376", "pp. 589–592", "pp. 110–114",
		"Countries Series, USSR, Gromyko Talks",
	)
	if m := gluedMarker.FindString(got); m != "" {
		t.Errorf("marker glued to a word: %q", m)
	}
	inOrder(t, got,
		"\nSubject:\n- Miscellaneous\n",
		"\nParticipants:\n- US\n  - The President\n  - The Secretary\n  - Ambassador Thompson\n  - Mr. Hillenbrand\n  - Mr. Akalovsky\n"+
			"- USSR\n  - Foreign Minister Gromyko [1]\n  - Mr. Semenov\n  - Ambassador Dobrynin\n  - Mr. Sukhodrev\n",
		"\nThe meeting ended at 7:20 p.m.\n",
		"\nNotes\n\n[0] Source: Kennedy Library",
		"\n[1] Gromyko was in the United States",
		"\n[2] In the discussion on Germany and Berlin",
	)
}

// TestSeedMarkdown checks the Markdown of d253.
func TestSeedMarkdown(t *testing.T) {
	_, d := doc(t, "frus1961-63v05.xml", "d253")
	got := Markdown(d, nil)
	if !strings.HasPrefix(got, "# 253. Memorandum of Conversation[^0]\n\n*Washington, October 18, 1962, 5 p.m.*\n") {
		t.Errorf("beginning:\n%s", got[:200])
	}
	mustContain(t, got,
		"- *USSR*\n  - Foreign Minister Gromyko[^1]\n",
		"nuclear tests,[^2] Mr. Gromyko",
		"field and \\[Page 534\\] in the",
		"\n[^0]: Source: Kennedy Library, National Security Files, Countries Series, USSR, *Gromyko* Talks.",
		"\n[^2]: In the discussion", "pp. 370–376",
	)
}

// TestHeadNoteFirst checks that a source note anchored before the title
// text has its marker at the end of the title line (d254).
func TestHeadNoteFirst(t *testing.T) {
	_, d := doc(t, "frus1961-63v05.xml", "d254")
	got := Text(d, nil)
	mustContain(t, got,
		"254. Telegram From the Embassy in the Soviet Union to the Department of State [0]\n",
		"\n\nTab A\n\n", // an inline note, printed in place and not numbered
		"\n\n[Page 535]\n\n",
	)
	mustContain(t, Markdown(d, nil), "\n\n1021\\. Eyes only for Secretary.\n\n")
}

// TestTable checks the table, line break, figure and title of d257.
func TestTable(t *testing.T) {
	_, d := doc(t, "frus1961-63v05.xml", "d257")
	text := Text(d, nil)
	if strings.Contains(text, "257. 257.") || !strings.HasPrefix(text, "257. Memorandum for the Record [0]\n") {
		t.Errorf("title line: %q", strings.SplitN(text, "\n", 2)[0])
	}
	mustContain(t, text,
		"discussed briefly:\n(figures are approximate)\n\n"+
			"Period | Ships | Tonnage\n"+
			"July 1962 | 37 | 148,000\n"+
			"August–September 1962, not yet compiled | | —\n\n"+
			"[Figure: Map]\n",
		"\nParticipants:\n- US\n  - Ambassador Thompson\n- USSR\n  - Ambassador Dobrynin\n",
		"carried only agricultural equipment.",
	)
	mustContain(t, Markdown(d, nil),
		"discussed briefly:\\\n(figures are approximate)\n\n"+
			"| Period | Ships | Tonnage |\n"+
			"| --- | --- | --- |\n"+
			"| July 1962 | 37 | 148,000 |\n"+
			"| August–September 1962, not yet compiled |  | — |\n\n"+
			"\\[Figure: Map\\]\n",
	)
}

// TestTableWithoutLabelRow checks that a table without a label row gets
// an empty Markdown header.
func TestTableWithoutLabelRow(t *testing.T) {
	tab := &table{rows: [][]cell{{{"a", 1}, {"b|c", 1}}}}
	if got, want := tab.markdown(), "|  |  |\n| --- | --- |\n| a | b|c |"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestAttachmentNotes checks that the notes of d256's attachment carry on
// the letter's numbering.
func TestAttachmentNotes(t *testing.T) {
	_, d := doc(t, "frus1961-63v05.xml", "d256")
	got := Text(d, nil)
	inOrder(t, got,
		"256. Letter From Secretary of State Rusk to President Kennedy [0]\n",
		"on October 18. [1] Ambassador Thompson",
		"\nFaithfully yours,\nDean Rusk\n",
		"\nAttachment\nPaper Prepared in the Department of State [2]\n\nWashington, October 19, 1962.\n",
		"\n\n[Page 537]\n\n- 1. Peaceful competition",
		"situation in West Berlin. [3]\n",
		"\nNotes\n\n[0] Source:",
		"\n[1] See Document 253.\n[2] Secret. Drafted in the Bureau of European Affairs.\n[3] See Foreign Relations, 1961–1963, vol. XV.\n",
	)
	inOrder(t, Markdown(d, nil),
		"\n\n## Attachment\n\n## Paper Prepared in the Department of State[^2]\n\n",
		"- 2\\. A German peace treaty",
		"West Berlin.[^3]\n",
		"\n[^2]: Secret.", "\n[^3]: See *Foreign Relations*, 1961–1963, vol. XV.\n",
	)
}

// TestEnclosure checks that d4 of the legacy volume renders its enclosure
// d4a in place, and a stand-in line without a resolver.
func TestEnclosure(t *testing.T) {
	v, d := doc(t, "frus1866p1.xml", "d4")
	got := Text(d, v.resolve)
	inOrder(t, got,
		"4. Mr. Bigelow to Mr. Seward.\n\nLegation of the United States,\nParis, July —, 1866.\n",
		"\nJOHN BIGELOW.\n\n4a. M. Drouyn de Lhuys to Mr. Bigelow.\n[Inclosure.—Translation.]\n\nParis, le 12 juillet 1866.\n",
		"\nDROUYN DE LHUYS.\n",
	)
	inOrder(t, Markdown(d, v.resolve),
		"# 4. Mr. Bigelow to Mr. Seward.\n",
		"\n\n## 4a. *M. Drouyn de Lhuys to Mr. Bigelow*.\n\n\\[Inclosure.—Translation.\\]\n\n*Paris, le 12 juillet 1866.*\n",
	)
	mustContain(t, Text(d, nil), "\nJOHN BIGELOW.\n\n[Enclosure: d4a]\n")
	mustContain(t, Markdown(d, nil), "\n\\[Enclosure: d4a\\]\n")
	mustContain(t, Text(v.byID["d5"], v.resolve), "\nMemorandum left at the Ministry of Foreign Affairs.\n\nParis, August 1, 1866.\n")
}

// TestLegacy checks the markup of the legacy volume: source notes printed
// above the head, choice, gap, marginal heads and a "*" footnote.
func TestLegacy(t *testing.T) {
	v := load(t, "frus1866p1.xml")
	text := func(id string) string { return Text(v.byID[id], v.resolve) }
	mustContain(t, text("d1"), "1. Mr. Seward to Mr. Adams.\nNo. 1622.]\n\nDepartment of State, Washington, January 3, 1866.\n",
		"United States [Page 2] remain unchanged")
	mustContain(t, text("d2"), "fail to receive from")
	mustContain(t, text("d3"), "across the frontier. [*]\n", "\nNotes\n\n[*] Received at Washington")
	mustContain(t, Markdown(v.byID["d3"], nil), "frontier.[^n]\n", "\n[^n]: Received at Washington")
	mustContain(t, text("d5"), "\n\nClaim of the ship Sarah. Sir: The minister", "the words […] written")
	mustContain(t, text("d6"), "\n\nWashington, August 20, 1866.\nWILLIAM H. SEWARD.\n")
	if strings.Contains(text("d2"), "recieve") {
		t.Error("the sic of a choice is printed")
	}
}

// TestEnclosureNotes checks that an enclosure's notes follow the
// document's under their own heading, and that Markdown labels stay
// unique.
func TestEnclosureNotes(t *testing.T) {
	parent := &chancery.Document{ID: "d9", N: "9", Title: "Letter", Notes: []chancery.Note{note("d9fn1", "1", "Parent note.")},
		Body: el("body", el("p", txt("See"), anchor("d9fn1", "1"), txt(".")), el("document", attr("id", "d9a")))}
	child := &chancery.Document{ID: "d9a", N: "9a", Parent: "d9", Title: "Enclosure", Notes: []chancery.Note{note("d9afn1", "1", "Child note.")},
		Body: el("body", el("p", txt("Inside"), anchor("d9afn1", "1")))}
	res := func(id string) *chancery.Document {
		return map[string]*chancery.Document{"d9": parent, "d9a": child}[id]
	}
	inOrder(t, Text(parent, res),
		"9. Letter\n\nSee [1].\n\n9a. Enclosure\n\nInside [1]\n",
		"\nNotes\n\n[1] Parent note.\n\nNotes to Document 9a\n\n[1] Child note.\n",
	)
	inOrder(t, Markdown(parent, res),
		"See[^1].", "## 9a. Enclosure", "Inside[^9a-1]", "[^1]: Parent note.", "[^9a-1]: Child note.")
}

// TestCycle checks that an enclosure that encloses its parent is not
// rendered again.
func TestCycle(t *testing.T) {
	a := &chancery.Document{ID: "a", N: "1", Title: "A", Body: el("body", el("document", attr("id", "b")))}
	b := &chancery.Document{ID: "b", N: "1a", Title: "B", Body: el("body", el("document", attr("id", "a")))}
	res := func(id string) *chancery.Document { return map[string]*chancery.Document{"a": a, "b": b}[id] }
	if got, want := Text(a, res), "1. A\n\n1a. B\n\n[Enclosure: a]\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestEscapeMarkdown checks the escapes of text in Markdown.
func TestEscapeMarkdown(t *testing.T) {
	for _, c := range []struct {
		word  string
		start bool
		want  string
	}{
		{"*a*", false, `\*a\*`},
		{"snake_case", false, `snake\_case`},
		{"[Page", false, `\[Page`},
		{"`x`", false, "\\`x\\`"},
		{"$5", false, `\$5`},
		{"&amp;", false, `\&amp;`},
		{"&c.", false, "&c."},
		{"#", true, `\#`},
		{"#", false, "#"},
		{"-", true, `\-`},
		{">", true, `\>`},
		{"1021.", true, `1021\.`},
		{"3)", true, `3\)`},
		{"1021.", false, "1021."},
		{"<b>", false, `\<b>`},
		{"711.90H/41", true, "711.90H/41"},
		{"---", true, `\---`},
		{"-foo", true, "-foo"},
		{">foo", true, `\>foo`},
		{"##", true, `\##`},
		{"#5", true, "#5"},
		{"+", true, `\+`},
	} {
		if got := escapeMarkdown(c.word, c.start); got != c.want {
			t.Errorf("escapeMarkdown(%q, %v) = %q, want %q", c.word, c.start, got, c.want)
		}
	}
}

// TestWriterSpacing checks spaces around markers and emphasis.
func TestWriterSpacing(t *testing.T) {
	w := newWriter(markdownFormat{}, false)
	w.text("the ")
	w.open("*")
	w.text(" US ")
	w.close()
	w.mark("[^1]", true)
	w.text("next")
	w.open("**")
	w.close()
	w.mark("\\[Page 2\\]", false)
	w.text(". end ")
	if got, want := w.String(), `the *US*[^1] next \[Page 2\]. end`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestAllDocuments renders every document of every test volume, with and
// without enclosures resolved, and checks what must hold of any output.
func TestAllDocuments(t *testing.T) {
	for _, file := range volumes {
		v := load(t, file)
		for _, d := range v.docs {
			for _, res := range []func(string) *chancery.Document{nil, v.resolve} {
				text, md := Text(d, res), Markdown(d, res)
				if strings.TrimSpace(md) == "" || strings.TrimSpace(text) == "" {
					t.Errorf("%s %s: empty rendering", v.name, d.ID)
				}
				checkText(t, v.name+" "+d.ID, text)
			}
		}
	}
	if Text(nil, nil) != "" || Markdown(nil, nil) != "" {
		t.Error("a nil document renders")
	}
	if got := Text(&chancery.Document{ID: "x"}, nil); got != "\n" {
		t.Errorf("an empty document renders %q", got)
	}
}

// checkText checks a plain-text rendering: no marker glued to a word, no
// space at the end of a line, no run of spaces, no run of blank lines.
func checkText(t *testing.T, name, text string) {
	t.Helper()
	if m := gluedMarker.FindString(text); m != "" {
		t.Errorf("%s: marker glued to a word: %q", name, m)
	}
	for i, line := range strings.Split(text, "\n") {
		if strings.HasSuffix(line, " ") || strings.Contains(strings.TrimLeft(line, "> "), "  ") {
			t.Errorf("%s: line %d has stray spaces: %q", name, i+1, line)
		}
	}
	if strings.Contains(text, "\n\n\n") || !strings.HasSuffix(text, "\n") || strings.HasSuffix(text, "\n\n") {
		t.Errorf("%s: stray blank lines", name)
	}
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
}

// inOrder checks that got holds wants one after the other.
func inOrder(t *testing.T, got string, wants ...string) {
	t.Helper()
	rest := got
	for _, w := range wants {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("missing (or out of order) %q in\n%s", w, got)
			return
		}
		rest = rest[i+len(w):]
	}
}

func el(name string, children ...*chancery.Node) *chancery.Node {
	n := &chancery.Node{Name: name}
	for _, c := range children {
		if c.Name == "@" {
			n.Attrs = append(n.Attrs, c.Attrs...)
		} else {
			n.Children = append(n.Children, c)
		}
	}
	return n
}

func attr(name, value string) *chancery.Node {
	return &chancery.Node{Name: "@", Attrs: []chancery.Attr{{Name: name, Value: value}}}
}

func txt(s string) *chancery.Node { return &chancery.Node{Text: s} }

func anchor(id, n string) *chancery.Node {
	return el("note", attr("id", id), attr("n", n))
}

func note(id, n, text string) chancery.Note {
	return chancery.Note{ID: id, N: n, Text: text, Content: el("note", txt(text))}
}

// TestAdjacentEmphasis checks that emphases that touch are joined, and
// that emphases apart stay apart.
func TestAdjacentEmphasis(t *testing.T) {
	w := newWriter(markdownFormat{}, false)
	w.text("Fish, ")
	for _, s := range []string{"&", "c., ", "&", "c."} {
		w.open("*")
		w.text(s)
		w.close()
	}
	if got, want := w.String(), "Fish, *&c.,* *&c.*"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestAdjacentLists checks that two lists in a row stay two lists in
// Markdown, and that list labels and page breaks go into items.
func TestAdjacentLists(t *testing.T) {
	d := &chancery.Document{ID: "x", Title: "Lists", Body: el("body",
		el("list", el("item", txt("a"))),
		el("list", el("label", txt("1.")), el("item", el("p", txt("b"))), el("pb", attr("n", "7")), el("item", txt("c"))),
	)}
	if got, want := Markdown(d, nil), "# Lists\n\n- a\n\n+ 1\\. b\n+ \\[Page 7\\] c\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := Text(d, nil), "Lists\n\n- a\n\n- 1. b\n- [Page 7] c\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
