package chancery_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
)

func el(name string, attrs []chancery.Attr, kids ...*chancery.Node) *chancery.Node {
	return &chancery.Node{Name: name, Attrs: attrs, Children: kids}
}

func text(s string) *chancery.Node { return &chancery.Node{Text: s} }

func TestNodeJSON(t *testing.T) {
	tests := []struct {
		node *chancery.Node
		want string
	}{
		{text("plain"), `"plain"`},
		{el("lb", nil), `["lb"]`},
		{el("hi", []chancery.Attr{{Name: "rend", Value: "italic"}}, text("Ibid.")), `["hi",{"rend":"italic"},"Ibid."]`},
		{el("p", nil, text("a <script> & \"q\"\n"), el("note", []chancery.Attr{{Name: "id", Value: "d1fn1"}, {Name: "n", Value: "1"}})),
			`["p","a \u003cscript\u003e \u0026 \"q\"\n",["note",{"id":"d1fn1","n":"1"}]]`},
		{text("bad \xff byte"), `"bad \ufffd byte"`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.node)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("Marshal = %s, want %s", got, tt.want)
		}
		var back chancery.Node
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("Unmarshal(%s): %v", got, err)
		}
		// Invalid UTF-8 becomes U+FFFD on the first trip; after that the
		// form is stable.
		again, _ := json.Marshal(&back)
		var third chancery.Node
		json.Unmarshal(again, &third)
		if thrice, _ := json.Marshal(&third); string(thrice) != string(again) || third.PlainText() != back.PlainText() {
			t.Errorf("round trip %s became %s", again, thrice)
		}
	}
	for _, bad := range []string{`[]`, `[1]`, `{"a":1}`, `["p",2]`} {
		var n chancery.Node
		if err := json.Unmarshal([]byte(bad), &n); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		node *chancery.Node
		want string
	}{
		{el("p", nil, text("  Mr.\n  Gromyko "), el("note", []chancery.Attr{{Name: "n", Value: "1"}}), text(" said")), "Mr. Gromyko said"},
		{el("p", nil, text("field and"), el("pb", []chancery.Attr{{Name: "n", Value: "534"}}), text("in the")), "field and in the"},
		{el("p", nil, text("to "), el("choice", nil, el("sic", nil, text("recieve")), el("corr", nil, text("receive")))), "to receive"},
		{el("p", nil, el("note", []chancery.Attr{{Name: "rend", Value: "inline"}}, text("Tab A"))), "Tab A"},
		{el("list", nil, el("item", nil, text("US")), el("item", nil, text("USSR"))), "US USSR"},
		{el("body", nil, text("Before"), el("document", []chancery.Attr{{Name: "id", Value: "d4a"}}), text("after")), "Beforeafter"},
		// The decoder drops the layout white space between blocks.
		{el("attachment", nil, el("note", []chancery.Attr{{Name: "rend", Value: "inline"}}, text("bearing Revised to")), el("p", nil, text("treaty years"))), "bearing Revised to treaty years"},
		{el("closer", nil, el("signed", nil, text("Hay")), el("address", nil, el("addrLine", nil, text("Washington")), el("addrLine", nil, text("D.C.")))), "Hay Washington D.C."},
		{el("p", nil, text("con"), el("hi", nil, text("tinue")), text("d")), "continued"},
	}
	for _, tt := range tests {
		if got := tt.node.PlainText(); got != tt.want {
			t.Errorf("PlainText = %q, want %q", got, tt.want)
		}
	}
}

func TestWalkDivisions(t *testing.T) {
	tree := []chancery.Division{
		{ID: "ch1", Children: []chancery.Division{{ID: "d1", Type: "document"}, {ID: "d2", Type: "document"}}},
		{ID: "ch2", Children: []chancery.Division{{ID: "d3", Type: "document"}}},
	}
	var got []string
	chancery.Walk(tree, func(d *chancery.Division, depth int) bool {
		got = append(got, d.ID)
		return d.ID != "d2"
	})
	if len(got) != 3 || got[2] != "d2" {
		t.Errorf("Walk visited %v, want ch1 d1 d2 and a stop", got)
	}
}

// collapseRunes is CollapseSpace as it reads, rune by rune: the
// reference its faster paths must agree with.
func collapseRunes(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func TestCollapseSpace(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{" ", ""},
		{"a", "a"},
		{" a ", "a"},
		{"a  b", "a b"},
		{"a\tb\n\nc\r", "a b c"},
		{"\tMr. Adams to  Mr. Seward", "Mr. Adams to Mr. Seward"},
		{"Chargé  d’Affaires", "Chargé d’Affaires"},
		{"Chargé d’Affaires", "Chargé d’Affaires"},
		{"a\xffb  c", "a\uFFFDb c"},
	} {
		if got := chancery.CollapseSpace(c.in); got != c.want {
			t.Errorf("CollapseSpace(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{"", " a  b ", "a\tb", "é \n ü", "\xff  x", "x\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := chancery.CollapseSpace(s), collapseRunes(s); got != want {
			t.Errorf("CollapseSpace(%q) = %q, rune by rune %q", s, got, want)
		}
	})
}
