package bench

import "testing"

func TestPlainFTS(t *testing.T) {
	for in, want := range map[string]string{
		`government`:                `"government"`,
		`"secretary of state"`:      `"secretary of state"`,
		`Panama canal`:              `"panama" AND "canal"`,
		`"most-favored-nation"`:     `"most favored nation"`,
		`"League of Nations" Japan`: `"league of nations" AND "japan"`,
	} {
		if got := plainFTS(in); got != want {
			t.Errorf("plainFTS(%q) = %s, want %s", in, got, want)
		}
	}
}
