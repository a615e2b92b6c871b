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
