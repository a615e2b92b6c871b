package search

import (
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
)

func render(parts []chancery.SnippetPart) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Match {
			b.WriteString("[" + p.Text + "]")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler words here and there ", 40)
	tests := []struct {
		name, text string
		words      []string
		prefixes   []string
		phrases    [][]string
		want       string // the rendered snippet must contain this
		cutStart   bool   // the snippet must begin with …
		ok         bool
	}{
		{"short", "The test ban treaty was signed.", []string{"test", "ban"}, nil, nil, "The [test] [ban] treaty was signed.", false, true},
		{"case and diacritics", "Mr. GROMÝKO said", []string{"gromyko"}, nil, nil, "Mr. [GROMÝKO] said", false, true},
		{"prefix", "the arbitrators met", nil, []string{"arbitrat"}, nil, "the [arbitrators] met", false, true},
		{"deep in the text", long + "where Khrushchev spoke of the test ban " + long, []string{"khrushchev", "ban"}, nil, nil, "[Khrushchev] spoke of the test [ban]", true, true},
		{"no match", "Nothing here at all", []string{"cuba"}, nil, nil, "Nothing here at all", false, false},
		{"phrase", "The freedom of the seas, said the President, is the first of all freedoms.", nil, nil, [][]string{{"freedom", "of", "the", "seas"}},
			"The [freedom] [of] [the] [seas], said the President, is the first of all freedoms.", false, true},
		{"phrase across punctuation", "most-favored-nation treatment", nil, nil, [][]string{{"most", "favored", "nation"}},
			"[most]-[favored]-[nation] treatment", false, true},
		{"phrase words apart", "the seas of freedom", nil, nil, [][]string{{"freedom", "of", "the", "seas"}}, "the seas of freedom", false, false},
		{"phrase deep in the text", strings.Repeat("the word of the day and the rest of the text ", 200) + "on the freedom of the seas",
			nil, nil, [][]string{{"freedom", "of", "the", "seas"}}, "the [freedom] [of] [the] [seas]", true, true},
		{"apostrophe", "Khrushchevʼs visit", []string{"khrushchev"}, nil, nil, "[Khrushchev]ʼs visit", false, true},
	}
	for _, tt := range tests {
		h := &Highlight{Prefixes: tt.prefixes}
		for _, w := range tt.words {
			h.Add(w)
		}
		for _, p := range tt.phrases {
			h.AddPhrase(p)
		}
		parts, ok := Snippet(tt.text, h)
		got := render(parts)
		if ok != tt.ok || !strings.Contains(got, tt.want) {
			t.Errorf("%s: Snippet = %q (ok %v), want it to hold %q", tt.name, got, ok, tt.want)
		}
		if tt.cutStart != strings.HasPrefix(got, "…") {
			t.Errorf("%s: Snippet = %q, cut at start: want %v", tt.name, got, tt.cutStart)
		}
		if len(got) > snippetLen+40 {
			t.Errorf("%s: snippet of %d bytes", tt.name, len(got))
		}
		// Cut at word boundaries: no half words at either end.
		trimmed := strings.Trim(got, "…[] ")
		if strings.HasPrefix(got, "…") && !strings.Contains(tt.text, " "+strings.Fields(trimmed)[0]) {
			t.Errorf("%s: snippet starts mid-word: %q", tt.name, got)
		}
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("The test ban treaty", "ban")
	f.Add("Gromýko\u00a0said…", "gromyko")
	f.Fuzz(func(t *testing.T, text, word string) {
		h := &Highlight{Prefixes: []string{word}}
		h.Add(word)
		h.AddPhrase([]string{word, "the", word})
		parts, _ := Snippet(text, h)
		for _, p := range parts {
			if p.Text == "" {
				t.Fatal("empty part")
			}
		}
	})
}
