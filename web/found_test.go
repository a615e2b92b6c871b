package web

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/chancery-frus/chancery"
)

// TestLinkFound: a citation found in plain words becomes a ref marked
// found, wherever its ends lie among the note's elements, as long as the
// result is well nested; the tree passed in is not changed.
func TestLinkFound(t *testing.T) {
	text := func(s string) *chancery.Node { return &chancery.Node{Text: s} }
	el := func(name string, kids ...*chancery.Node) *chancery.Node {
		return &chancery.Node{Name: name, Children: kids}
	}
	ref := func(target string, kids ...*chancery.Node) *chancery.Node {
		return &chancery.Node{Name: "ref", Attrs: []chancery.Attr{{Name: "target", Value: target}}, Children: kids}
	}
	prose := func(text, vol, first string) chancery.Citation {
		return chancery.Citation{How: chancery.HowProse, Text: text, ToVolume: vol, First: first, State: chancery.CitePending}
	}
	tests := []struct {
		name string
		root *chancery.Node
		cite chancery.Citation
		want string // JsonML of the result
	}{
		{"in one text", el("note", text("See ibid., vol. VII, pp. 589–592. And more.")),
			prose("ibid., vol. VII, pp. 589–592", "frus1961-63v07", "589"),
			`["note","See ",["ref",{"target":"frus1961-63v07#pg_589","found":"words"},"ibid., vol. VII, pp. 589–592"],". And more."]`},
		{"white space as printed", el("note", text("see ibid.,\n   vol. VII, pp. 589–592.")),
			prose("ibid., vol. VII, pp. 589–592", "frus1961-63v07", "589"),
			`["note","see ",["ref",{"target":"frus1961-63v07#pg_589","found":"words"},"ibid.,\n   vol. VII, pp. 589–592"],"."]`},
		{"across an italic series name", el("note", text("See "), el("hi", text("Foreign Relations")), text(", 1918, Russia, vol. III, p. 67.")),
			prose("Foreign Relations, 1918, Russia, vol. III, p. 67", "frus1918Russiav03", "67"),
			`["note","See ",["ref",{"target":"frus1918Russiav03#pg_67","found":"words"},["hi","Foreign Relations"],", 1918, Russia, vol. III, p. 67"],"."]`},
		{"the pages after a ref of the volume", el("note", text("see "), ref("frus1961-63v15", el("hi", text("Foreign Relations,")), text(" 1961-1963, vol. XV")), text(", pp. 370-376. On")),
			chancery.Citation{How: chancery.HowRefPages, Text: "Foreign Relations, 1961-1963, vol. XV, pp. 370-376", ToVolume: "frus1961-63v15", First: "370", Last: "376", State: chancery.CiteResolved, Documents: []string{"d150", "d151"}},
			`["note","see ",["ref",{"target":"frus1961-63v15"},["hi","Foreign Relations,"]," 1961-1963, vol. XV"],", ",["ref",{"target":"frus1961-63v15#d150","found":"words"},"pp. 370-376"],". On"]`},
		{"a ref the words set right", el("note", text("printed ibid., "), ref("#d25", text("Document 25")), text(".")),
			chancery.Citation{How: chancery.HowProse, Text: "ibid., Document 25", ToVolume: "frus1964-68v34", ToID: "d25", State: chancery.CitePending},
			`["note","printed ibid., ",["ref",{"target":"frus1964-68v34#d25","found":"corrected"},"Document 25"],"."]`},
		{"what the reading assumed, kept with the link", el("note", text("Diplomatic Correspondence for 1863, p. 460.")),
			chancery.Citation{How: chancery.HowProse, Text: "Diplomatic Correspondence for 1863, p. 460", ToVolume: "frus1863p1", First: "460", Assumed: "part I is taken", State: chancery.CitePending},
			`["note",["ref",{"target":"frus1863p1#pg_460","found":"words","assumed":"part I is taken"},"Diplomatic Correspondence for 1863, p. 460"],"."]`},
		{"ends in different elements: left as text", el("note", el("p", text("See Foreign Relations, 1918,")), el("p", text("p. 67."))),
			prose("Foreign Relations, 1918, p. 67", "frus1918", "67"),
			`["note",["p","See Foreign Relations, 1918,"],["p","p. 67."]]`},
		{"not in the text", el("note", text("Nothing here.")),
			prose("Foreign Relations, 1918, p. 67", "frus1918", "67"),
			`["note","Nothing here."]`},
	}
	for _, tt := range tests {
		before, _ := json.Marshal(tt.root)
		got := linkFound(tt.root, []chancery.Citation{tt.cite})
		js, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		if string(js) != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, js, tt.want)
		}
		if after, _ := json.Marshal(tt.root); !bytes.Equal(before, after) {
			t.Errorf("%s: the tree passed in was changed", tt.name)
		}
	}
}

// FuzzLinkFound: whatever a note's text and a citation's, linking it
// never fails and never changes the words: the plain text of the result
// is the note's.
func FuzzLinkFound(f *testing.F) {
	f.Add("See ibid., vol. VII, pp. 589–592. And more.", "Foreign Relations,", 4, 20)
	f.Add("printed ibid.,\n Document 25.", "", 0, 13)
	f.Add("a\u00a0b  c", "x", 1, 3)
	f.Fuzz(func(t *testing.T, text, italic string, from, length int) {
		root := &chancery.Node{Name: "note", Children: []*chancery.Node{{Name: "hi", Children: []*chancery.Node{{Text: italic}}}, {Text: text}}}
		plain := root.PlainText()
		if from < 0 || length <= 0 || from+length > len(plain) {
			return
		}
		c := chancery.Citation{How: chancery.HowProse, Text: plain[from : from+length], ToVolume: "frus1918Russiav03", First: "67", State: chancery.CitePending}
		got := linkFound(root, []chancery.Citation{c})
		if got.PlainText() != plain {
			t.Errorf("the words changed: %q, want %q", got.PlainText(), plain)
		}
		c.How = chancery.HowRefPages
		if got := linkFound(root, []chancery.Citation{c}); got.PlainText() != plain {
			t.Errorf("the words changed (ref-pages): %q, want %q", got.PlainText(), plain)
		}
	})
}
