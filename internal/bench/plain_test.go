package bench

import "testing"

func TestPlainFTS(t *testing.T) {
	for in, want := range map[string]string{
		`government`:                `"government"`,
		`"secretary of state"`:      `"secretary of state"`,
		`Panama canal`:              `"panama" AND "canal"`,
		`"most-favored-nation"`:     `"most favored nation"`,
		`"League of Nations" Japan`: `"league of nations" AND "japan"`,
		`arbit*`:                    `"arbit"*`,
		`"canal treaty"~8 Panama`:   `NEAR("canal" "treaty", 8) AND "panama"`,
	} {
		if got := plainFTS(in); got != want {
			t.Errorf("plainFTS(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestPGQuery(t *testing.T) {
	for in, want := range map[string]string{
		`government`:              `'government'`,
		`"secretary of state"`:    `('secretary' <-> 'of' <-> 'state')`,
		`Panama canal`:            `'panama' & 'canal'`,
		`arbit*`:                  `'arbit':*`,
		`"canal treaty"~8 Panama`: `'canal' & 'treaty' & 'panama'`,
		`"o'brien"`:               `('o' <-> 'brien')`, // words never hold a quote
	} {
		if got := pgQuery(in); got != want {
			t.Errorf("pgQuery(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestLine(t *testing.T) {
	for _, c := range []struct {
		line, text string
		f          Filter
		bad        bool
	}{
		{line: "treaty", text: "treaty"},
		{line: `"test ban" | volume=frus1961-63v05`, text: `"test ban"`, f: Filter{Volume: "frus1961-63v05"}},
		{line: "neutrality | from=1910 to=1919", text: "neutrality", f: Filter{From: "1910", To: "1919"}},
		{line: "a | year=1910", bad: true},
		{line: "a | volume", bad: true},
	} {
		text, f, err := Line(c.line)
		if (err != nil) != c.bad || !c.bad && (text != c.text || f != c.f) {
			t.Errorf("%q: %q %+v %v", c.line, text, f, err)
		}
	}
}
