package hits

import (
	"strings"
	"testing"

	"github.com/chancery-frus/chancery/query"
)

func highlightVocab() *Vocab {
	v := NewVocab(16)
	for _, w := range []string{"treaty", "treaties", "negotiation", "negotiators", "woman", "women", "test", "tests", "ban", "bans", "banned", "berlin", "cuba", "nuclear", "atomic", "the"} {
		v.Add(w, "", 1)
	}
	return v.Done()
}

// TestNewHighlight: the words a query marks in a text, expanded by the
// vocabulary as the stores expand them.
func TestNewHighlight(t *testing.T) {
	v := highlightVocab()
	tests := []struct {
		q, text, want string
	}{
		{"treaties", "The treaty and the treaties.", "The [treaty] and the [treaties]."},
		{"treaty", "The treaty and the treaties.", "The [treaty] and the [treaties]."},
		{"=treaties", "The treaty and the treaties.", "The treaty and the [treaties]."},
		{`"treaties"`, "The treaty and the treaties.", "The treaty and the [treaties]."},
		{"ban", "Bans, banned, a ban; bandits", "[Bans], [banned], a [ban]; bandits"},
		{"negotiat*", "Negotiations by negotiators who renegotiate", "[Negotiations] by [negotiators] who renegotiate"},
		{"wom?n", "a woman, two women, a womxn", "a [woman], two [women], a womxn"},
		{`"test ban"`, "a test ban; a ban test", "a [test] [ban]; a ban test"},
		{`"test ban"~5`, "a test ban; a ban test", "a [test] [ban]; a [ban] [test]"},
		{"Berlin -Cuba", "Berlin, not Cuba", "[Berlin], not Cuba"},
		{"Berlin NOT (Cuba OR treaty)", "Berlin, not Cuba or a treaty", "[Berlin], not Cuba or a treaty"},
		{"title:Cuba person:Berlin", "Cuba and Berlin", "[Cuba] and [Berlin]"},
		{"(nuclear OR atomic) test", "atomic tests, nuclear test", "[atomic] [tests], [nuclear] [test]"},
		{"in:notes GROMÝKO", "Gromyko said", "[Gromyko] said"},
	}
	for _, tt := range tests {
		q, err := query.Parse(tt.q)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.q, err)
		}
		h := NewHighlight(q, v)
		if got := mark(tt.text, h.MatchRanges(tt.text)); got != tt.want {
			t.Errorf("%s: marks %q, want %q", tt.q, got, tt.want)
		}
	}
	for _, q := range []*query.Query{nil, {}} {
		if h := NewHighlight(q, v); !h.Empty() {
			t.Errorf("a query without words highlights %+v", h)
		}
	}
}

func mark(text string, ranges [][2]int) string {
	var b strings.Builder
	pos := 0
	for _, r := range ranges {
		b.WriteString(text[pos:r[0]] + "[" + text[r[0]:r[1]] + "]")
		pos = r[1]
	}
	return b.String() + text[pos:]
}
