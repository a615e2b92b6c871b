package tei

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
)

// volume wraps the markup of a volume's body in a TEI file whose <body>
// starts on line 3.
func volume(body string) []byte {
	return []byte(`<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1900x">
<text>
<body>` + body + `</body></text></TEI>`)
}

// doc is one document holding markup.
func doc(markup string) string {
	return `<div type="document" xml:id="d1" n="1"><head>Telegram</head>` + markup + `</div>`
}

// TestLimits feeds the decoder files over each of its limits, built at run
// time: each is refused with an *Error naming the file and the line where
// the limit is passed, at once, without a partial volume.
func TestLimits(t *testing.T) {
	deep := func(n int) string {
		return doc("<p>" + strings.Repeat("\n<hi>", n) + "x" + strings.Repeat("</hi>", n) + "</p>")
	}
	manyAttrs := func(n int) string {
		var b strings.Builder
		b.WriteString("\n<p")
		for i := range n {
			fmt.Fprintf(&b, ` a%d="v"`, i)
		}
		b.WriteString(">x</p>")
		return doc(b.String())
	}
	manyDocs := func(n int) string {
		var b strings.Builder
		b.WriteString("\n")
		for i := range n {
			fmt.Fprintf(&b, `<div type="document" xml:id="d%d"/>`, i+1)
		}
		return b.String()
	}
	// Text broken by comments is one text node, limited as a whole.
	broken := doc("<p>\n" + strings.Repeat("ab<!-- -->", 600) + "</p>")
	// Each persName copies the text of those below it into its mention.
	nested := doc("<p>\n" + strings.Repeat("<persName>", 400) + strings.Repeat("word ", 50_000) + strings.Repeat("</persName>", 400) + "</p>")
	tests := []struct {
		name string
		data []byte
		lim  Limits
		line int
		msg  string
	}{
		{"file size", volume(doc("<p>text</p>")), Limits{FileSize: 100}, 0, "file too large: 171 bytes, over the limit of 100 bytes for one volume"},
		{"text node", volume(doc("<p>\n" + strings.Repeat("a", MaxTextSize+1) + "</p>")), Limits{}, 3, "text too long: more than 1 MB without markup in <p>"},
		{"text broken by comments", volume(broken), Limits{TextSize: 1000}, 3, "text too long: more than 1000 bytes"},
		{"attributes", volume(manyAttrs(100_000)), Limits{}, 4, "too many attributes: <p> has 100000, the limit is 100"},
		{"attribute value", volume(doc("\n" + `<p rend="` + strings.Repeat("x", MaxAttrValue+1) + `">x</p>`)), Limits{}, 4, "attribute value too long: rend of <p> has 65537 bytes, over the limit of 64 kB"},
		{"nesting", volume(deep(100_000)), Limits{}, 4 + MaxDepth - 5, "elements nested too deep: <hi> inside <hi> is more than 500 levels down"},
		{"elements", volume(doc("\n" + strings.Repeat("<lb/>", 200))), Limits{Elements: 100}, 4, "too many elements: more than 100 in one volume"},
		{"documents", volume(manyDocs(MaxDocuments + 1)), Limits{}, 4, "too many documents: more than 100000 in one volume"},
		{"drawn-out text", volume(nested), Limits{}, 4, "the markup repeats its text too often"},
		{"entity declarations", []byte("<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n" + string(volume(doc("<p>&b;</p>")))), Limits{}, 2, "a DOCTYPE with declarations ([…]) is not read"},
		{"entity outside a DOCTYPE", []byte("<!ENTITY a \"aaaa\">\n" + string(volume(doc("<p>&a;</p>")))), Limits{}, 1, "<!ENTITY> declarations are not read"},
		{"undefined entity", volume(doc("\n<p>&nbsp;</p>")), Limits{}, 4, "invalid character entity &nbsp; (only XML's own entities"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			v, err := DecodeContext(ctx, tt.data, "x.xml", tt.lim)
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("Decode = %v, %v; want a *tei.Error", v != nil, err)
			}
			if v != nil || te.File != "x.xml" || te.Line != tt.line || !strings.Contains(te.Msg, tt.msg) {
				t.Errorf("error = %q (line %d), want line %d and %q", err, te.Line, tt.line, tt.msg)
			}
		})
	}
}

// TestAtTheLimits: files just within the limits decode whole.
func TestAtTheLimits(t *testing.T) {
	attrs := make([]string, 0, MaxAttributes)
	attrs = append(attrs, `xmlns="http://www.tei-c.org/ns/1.0"`)
	for i := 1; i < MaxAttributes; i++ {
		attrs = append(attrs, fmt.Sprintf(`a%03d="v"`, i))
	}
	text := strings.Repeat("a", MaxTextSize)
	value := strings.Repeat("v", MaxAttrValue)
	body := doc(`<p rend="` + value + `"><hi ` + strings.Join(attrs, " ") + `>` + text + `</hi></p>` +
		"<p>one<!-- a comment -->two<![CDATA[ <three> ]]>four</p>")
	v, err := Decode(volume(body), "x.xml")
	if err != nil {
		t.Fatal(err)
	}
	p := v.Documents[0].Body.Children
	if got := p[0].Attr("rend"); got != value {
		t.Errorf("attribute value of %d bytes read as %d", len(value), len(got))
	}
	if hi := p[0].Children[0]; len(hi.Attrs) != MaxAttributes-1 || hi.Children[0].Text != text {
		t.Errorf("hi: %d attributes, text of %d bytes", len(hi.Attrs), len(hi.Children[0].Text))
	}
	if got := p[1].Children; len(got) != 1 || got[0].Text != "onetwo <three> four" {
		t.Errorf("text broken by a comment and CDATA = %+v", got)
	}
}

// TestDeepestRoundTrips: the deepest volume the decoder accepts — divisions
// nested in divisions, a document whose body nests to the limit — is stored
// as records the reader reads back as they were written
// (chancery.Node.UnmarshalJSON and encoding/json have nesting limits of
// their own).
func TestDeepestRoundTrips(t *testing.T) {
	const divs = 240 // TEI, text, body, then divisions in divisions
	var b strings.Builder
	for range divs {
		b.WriteString(`<div type="chapter"><head>Chapter</head><p>Prose <hi>in</hi> it.</p>`)
	}
	// Below the divisions, a document whose body nests to the limit.
	inner := MaxDepth - 3 - divs - 1 - 1 // the document, its p
	b.WriteString(`<div type="document" xml:id="d1" n="1"><head>Deep<note n="1" xml:id="d1fn1">` +
		strings.Repeat("<hi>", 200) + "note" + strings.Repeat("</hi>", 200) + `</note></head><p>`)
	b.WriteString(strings.Repeat(`<hi rend="italic">`, inner) + "x" + strings.Repeat("</hi>", inner))
	b.WriteString(`</p></div>`)
	b.WriteString(strings.Repeat("</div>", divs))
	v, err := Decode(volume(b.String()), "deep.xml")
	if err != nil {
		t.Fatal(err)
	}
	depth := 0
	for n := v.Documents[0].Body; len(n.Children) > 0; n = n.Children[0] {
		depth++
	}
	if depth != inner+2 {
		t.Errorf("body nests %d deep, want %d", depth, inner+2)
	}
	for _, rec := range []any{v.Volume, v.Documents[0]} {
		data, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		back := reflect.New(reflect.TypeOf(rec).Elem()).Interface()
		if err := json.Unmarshal(data, back); err != nil {
			t.Fatalf("%T does not read back: %v", rec, err)
		}
		again, _ := json.Marshal(back)
		if string(again) != string(data) {
			t.Errorf("%T reads back different", rec)
		}
	}
	body, _ := json.Marshal(v.Documents[0].Body)
	var n chancery.Node
	if err := n.UnmarshalJSON(body); err != nil {
		t.Errorf("body does not read back: %v", err)
	}
}

// TestNoDTDIsRead: the hand-written hostile files of testdata/bad — an
// entity-expansion bomb, an external entity naming /etc/passwd, a DOCTYPE
// with declarations — are refused at their DOCTYPE, and a DOCTYPE naming
// an external DTD is read without the DTD: an entity the DTD declares is
// not defined.
func TestNoDTDIsRead(t *testing.T) {
	dir := t.TempDir()
	dtd := filepath.Join(dir, "entities.dtd")
	os.WriteFile(dtd, []byte(`<!ENTITY secret "from the DTD">`), 0o644)
	data := "<!DOCTYPE TEI SYSTEM \"" + dtd + "\">\n" + string(volume(doc("\n<p>&secret;</p>")))
	_, err := Decode([]byte(data), "x.xml")
	var te *Error
	if !errors.As(err, &te) || te.Line != 5 || !strings.Contains(te.Msg, "invalid character entity &secret;") {
		t.Errorf("entity of an external DTD: %v, want an undefined entity on line 5", err)
	}
	data = "<!DOCTYPE TEI SYSTEM \"" + dtd + "\">\n" + string(volume(doc("<p>text</p>")))
	if v, err := Decode([]byte(data), "x.xml"); err != nil || v.Documents[0].Body.PlainText() != "text" {
		t.Errorf("DOCTYPE with an external DTD: %v", err)
	}
}

// TestUniqueIDsLinear: ids made up for divisions and footnotes without
// one stay unique and cost one try each, however many share a base.
func TestUniqueIDsLinear(t *testing.T) {
	const n = 20_000
	siblings := strings.Repeat(`<div type="chapter"><p>x</p></div>`, n-1) +
		`<div type="chapter" xml:id="chapter-3"><p>taken</p></div>`
	var notes strings.Builder
	notes.WriteString(`<div type="document" xml:id="d1" n="1"><head>Notes</head><p>`)
	for range n {
		notes.WriteString(`x<note n="1">same number</note>`)
	}
	notes.WriteString(`</p></div>`)
	nestedDivs := func(k int) string {
		return strings.Repeat(`<div type="chapter"><p>x</p>`, k) + strings.Repeat("</div>", k)
	}
	tests := []struct {
		name  string
		body  string
		ids   int    // made-up ids
		last  string // the last one
		check func(*chancery.VolumeData) string
	}{
		{"sibling divisions", siblings, n - 1, "chapter-20000", func(v *chancery.VolumeData) string {
			return v.Volume.Structure[n-2].ID
		}},
		{"nested divisions", nestedDivs(MaxDepth - 4), MaxDepth - 4, "chapter-496", func(v *chancery.VolumeData) string {
			div := &v.Volume.Structure[0]
			for len(div.Children) > 0 {
				div = &div.Children[0]
			}
			return div.ID
		}},
		{"footnotes", notes.String(), n, "d1fn1-20000", func(v *chancery.VolumeData) string {
			notes := v.Documents[0].Notes
			return notes[len(notes)-1].ID
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, d, err := decode(context.Background(), volume(tt.body), "x.xml", Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.check(v); got != tt.last {
				t.Errorf("last made-up id = %q, want %q", got, tt.last)
			}
			// One try for the base and one for the suffix that is free,
			// plus one per id taken otherwise (chapter-3).
			if max := 2*tt.ids + 1; d.ids.probes > max {
				t.Errorf("%d ids cost %d tries, want at most %d", tt.ids, d.ids.probes, max)
			}
		})
	}
	// Divisions nested beyond the nesting limit are refused, not decoded.
	_, err := Decode(volume(nestedDivs(n)), "x.xml")
	var te *Error
	if !errors.As(err, &te) || te.Line != 3 || !strings.Contains(te.Msg, "nested too deep") {
		t.Errorf("%d nested divisions: %v", n, err)
	}
}

// TestSortAttrsLarge: sorting many attributes is not quadratic (1,000,000
// in reverse order would take hours by insertion) and stays stable.
func TestSortAttrsLarge(t *testing.T) {
	const n = 1_000_000
	as := make([]chancery.Attr, n)
	for i := range as {
		as[i] = chancery.Attr{Name: fmt.Sprintf("a%07d", (n-1-i)/2), Value: fmt.Sprintf("%07d", i)}
	}
	done := make(chan struct{})
	go func() {
		chancery.SortAttrs(as)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("SortAttrs of 1,000,000 attributes did not finish in a minute")
	}
	for i := 1; i < n; i++ {
		a, b := as[i-1], as[i]
		if a.Name > b.Name || (a.Name == b.Name && a.Value > b.Value) {
			t.Fatalf("attributes %d and %d out of order: %v %v", i-1, i, a, b)
		}
	}
}

// TestCancel: a decode stops when its context is done.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errors.New("interrupt signal received"))
	_, err := DecodeContext(ctx, volume(strings.Repeat(doc("<p>x</p>"), 1)+strings.Repeat("<pb/>", 10_000)), "x.xml", Limits{})
	if err == nil || !strings.Contains(err.Error(), "x.xml: decoding stopped: interrupt signal received") {
		t.Errorf("cancelled decode: %v", err)
	}
}

func TestPrintableName(t *testing.T) {
	for name, want := range map[string]string{
		"frus1900.xml":            "frus1900.xml",
		"a b/ü.xml":               "a b/ü.xml",
		"x\x1b[31mred.xml":        `"x\x1b[31mred.xml"`,
		"line\nbreak.xml":         `"line\nbreak.xml"`,
		"bidi\u202egnp.xml":       `"bidi\u202egnp.xml"`,
		"latin1-\xe9.xml":         `"latin1-\xe9.xml"`,
		"c1-\u009b.xml":           `"c1-\u009b.xml"`,
		"quote\".xml":             `quote".xml`,
		"tab\t.xml":               `"tab\t.xml"`,
		"no-break\u00a0space.xml": `"no-break\u00a0space.xml"`,
	} {
		if got := PrintableName(name); got != want {
			t.Errorf("PrintableName(%q) = %s, want %s", name, got, want)
		}
	}
	err := &Error{File: "x\x1b[2J.xml", Line: 3, Msg: "malformed XML"}
	if got := err.Error(); got != `"x\x1b[2J.xml":3: malformed XML` {
		t.Errorf("Error() = %s", got)
	}
}

// FuzzDecodeLimits decodes arbitrary bytes under small limits, so that
// every limit is reached: errors are *tei.Error (the context is never
// done), and what decodes survives a JSON round trip.
func FuzzDecodeLimits(f *testing.F) {
	f.Add(volume(doc(`<p rend="italic">Text <hi>in</hi><!-- c -->more</p>`)))
	f.Add(volume(doc(strings.Repeat("<hi>", 9) + strings.Repeat("</hi>", 9))))
	f.Add([]byte("<!DOCTYPE TEI [<!ENTITY a 'b'>]><TEI/>"))
	f.Add(volume(`<div type="chapter"/><div type="chapter"/><div type="chapter" xml:id="chapter-2"/>`))
	lim := Limits{FileSize: 4096, TextSize: 64, Attributes: 4, AttrValue: 32, Depth: 10, Elements: 200, Documents: 5, TextFactor: 1}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := DecodeContext(context.Background(), data, "fuzz.xml", lim)
		checkDecoded(t, v, err)
	})
}

// BenchmarkLinear compares the time of inputs of size n and 2n for the
// steps that were once quadratic — made-up ids for divisions without one,
// sorting attributes, text broken by comments — and fails when doubling
// the input more than triples the time (a quadratic step quadruples it).
func BenchmarkLinear(b *testing.B) {
	steps := []struct {
		name string
		n    int
		run  func(n int) func()
	}{
		{"divisions", 20_000, func(n int) func() {
			data := volume(strings.Repeat(`<div type="chapter"/>`, n))
			return func() {
				if _, err := Decode(data, "x.xml"); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"attributes", 200_000, func(n int) func() {
			as := make([]chancery.Attr, n)
			return func() {
				for i := range as {
					as[i] = chancery.Attr{Name: fmt.Sprintf("a%07d", n-i)}
				}
				chancery.SortAttrs(as)
			}
		}},
		{"text", 200_000, func(n int) func() {
			data := volume(doc("<p>" + strings.Repeat("text<!---->", n) + "</p>"))
			return func() {
				if _, err := DecodeContext(context.Background(), data, "x.xml", Limits{TextSize: 8 * n}); err != nil {
					b.Fatal(err)
				}
			}
		}},
	}
	for _, s := range steps {
		b.Run(s.name, func(b *testing.B) {
			small, large := s.run(s.n), s.run(2*s.n)
			best := func(f func()) time.Duration {
				fastest := time.Duration(1 << 62)
				for range 3 {
					start := time.Now()
					f()
					fastest = min(fastest, time.Since(start))
				}
				return fastest
			}
			var ratio float64
			for b.Loop() {
				ratio = float64(best(large)) / float64(best(small))
			}
			b.ReportMetric(ratio, "t(2n)/t(n)")
			if ratio > 3 {
				b.Errorf("%s: doubling the input multiplied the time by %.1f", s.name, ratio)
			}
		})
	}
}
