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

// marked writes text with its match ranges in brackets.
func marked(text string, ranges [][2]int) string {
	var b strings.Builder
	pos := 0
	for _, r := range ranges {
		b.WriteString(text[pos:r[0]] + "[" + text[r[0]:r[1]] + "]")
		pos = r[1]
	}
	return b.String() + text[pos:]
}

func TestMatchRanges(t *testing.T) {
	stem := func(w string) string { return strings.TrimSuffix(strings.TrimSuffix(w, "s"), "e") } // a stand-in stemmer
	tests := []struct {
		name     string
		text     string
		words    []string
		prefixes []string
		stems    []string
		phrases  [][]string
		want     string
	}{
		{"words", "Gromyko met Rusk; Gromyko left.", []string{"gromyko"}, nil, nil, nil, "[Gromyko] met Rusk; [Gromyko] left."},
		{"case and diacritics", "GROMÝKO and gromyko", []string{"gromyko"}, nil, nil, nil, "[GROMÝKO] and [gromyko]"},
		{"whole words only", "Bans, banned, ban.", []string{"ban"}, nil, nil, nil, "Bans, banned, [ban]."},
		{"prefix", "negotiations were negotiated by negotiators, not negators", nil, []string{"negotiat"}, nil, nil,
			"[negotiations] were [negotiated] by [negotiators], not negators"},
		{"stems", "the treaties and the treaty", nil, nil, []string{"treati"}, nil, "the [treaties] and the treaty"},
		{"phrase", "a test ban, a ban on tests, the test ban treaty", nil, nil, nil, [][]string{{"test", "ban"}},
			"a [test] [ban], a ban on tests, the [test] [ban] treaty"},
		{"phrase across punctuation", "the test-ban treaty", nil, nil, nil, [][]string{{"test", "ban"}}, "the [test]-[ban] treaty"},
		{"phrase cut by the node", "the test", nil, nil, nil, [][]string{{"test", "ban"}}, "the test"},
		{"phrase and word", "the test ban and the test", []string{"test"}, nil, nil, [][]string{{"test", "ban"}}, "the [test] [ban] and the [test]"},
		{"apostrophe", "Khrushchevʼs letter", []string{"khrushchev"}, nil, nil, nil, "[Khrushchev]ʼs letter"},
		{"non-ASCII word", "Gromýko’s café", []string{"cafe"}, nil, nil, nil, "Gromýko’s [café]"},
		{"past where snippets stop", strings.Repeat("word ", 2000) + "Cuba", []string{"cuba"}, nil, nil, nil, strings.Repeat("word ", 2000) + "[Cuba]"},
		{"nothing", "nothing to see", []string{"cuba"}, nil, nil, nil, "nothing to see"},
		{"empty text", "", []string{"cuba"}, nil, nil, nil, ""},
	}
	for _, tt := range tests {
		h := &Highlight{}
		for _, w := range tt.words {
			h.Add(w)
		}
		for _, p := range tt.prefixes {
			h.AddPrefix(p)
		}
		if len(tt.stems) > 0 {
			h.Stems, h.Stem = map[string]bool{}, stem
			for _, s := range tt.stems {
				h.Stems[s] = true
			}
		}
		for _, p := range tt.phrases {
			h.AddPhrase(p)
		}
		if got := marked(tt.text, h.MatchRanges(tt.text)); got != tt.want {
			t.Errorf("%s: MatchRanges marks %q, want %q", tt.name, got, tt.want)
		}
	}
	if r := (*Highlight)(nil).MatchRanges("Cuba"); r != nil || !(*Highlight)(nil).Empty() {
		t.Errorf("a nil Highlight matches %v", r)
	}
}

// TestHighlightAddAfterUse: words added after a first search are found.
func TestHighlightAddAfterUse(t *testing.T) {
	h := &Highlight{}
	h.Add("cuba")
	h.MatchRanges("Cuba")
	h.Add("laos")
	h.AddPrefix("viet")
	h.AddPhrase([]string{"test", "ban"})
	if got := marked("Cuba Laos Vietnam test ban", h.MatchRanges("Cuba Laos Vietnam test ban")); got != "[Cuba] [Laos] [Vietnam] [test] [ban]" {
		t.Errorf("got %q", got)
	}
}

// FuzzMatchRanges: the ranges are in order, within the text, on word
// boundaries, and hold the words a snippet marks.
func FuzzMatchRanges(f *testing.F) {
	f.Add("The test ban treaty", "ban")
	f.Add("Gromýko\u00a0said…", "gromyko")
	f.Fuzz(func(t *testing.T, text, word string) {
		h := &Highlight{}
		h.AddPrefix(word)
		h.Add(word)
		h.AddPhrase([]string{word, "the", word})
		pos := 0
		for _, r := range h.MatchRanges(text) {
			if r[0] < pos || r[1] <= r[0] || r[1] > len(text) {
				t.Fatalf("range %v after %d in %d bytes", r, pos, len(text))
			}
			pos = r[1]
		}
		parts, _ := Snippet(text, h)
		for _, p := range parts {
			if p.Match && !strings.Contains(marked(text, h.MatchRanges(text)), "["+p.Text+"]") {
				t.Fatalf("snippet marks %q, MatchRanges does not", p.Text)
			}
		}
	})
}
