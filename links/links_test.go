package links

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		target string
		want   Target
	}{
		{"#d80", Target{Kind: Local, Volume: "v", ID: "d80"}},
		{"#pg_313", Target{Kind: Local, Volume: "v", ID: "pg_313"}},
		{"#d100fn2", Target{Kind: Local, Volume: "v", ID: "d100fn2"}},
		{"frus1964-68v20", Target{Kind: Volume, Volume: "frus1964-68v20"}},
		{"frus1964-68v20#d104", Target{Kind: Volume, Volume: "frus1964-68v20", ID: "d104"}},
		{"frus1934v04#pg_390", Target{Kind: Volume, Volume: "frus1934v04", ID: "pg_390"}},
		{"/historicaldocuments/frus1919Parisv01/pg_190", Target{Kind: Volume, Volume: "frus1919Parisv01", ID: "pg_190"}},
		{"/countries/japan", Target{Kind: Site, Path: "/countries/japan"}},
		{"https://www.archives.gov/research", Target{Kind: External, Path: "https://www.archives.gov/research"}},
		{"http://thought.it", Target{Kind: Malformed}},
		{"javascript:alert(1)", Target{Kind: Malformed}},
		{`#d1" onmouseover="x`, Target{Kind: Malformed}},
		{"", Target{Kind: Malformed}},
		{"#", Target{Kind: Malformed}},
		{"70", Target{Kind: Malformed}},
	}
	for _, tt := range tests {
		if got := Parse("v", tt.target); got != tt.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.target, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("frus1934v04#pg_390")
	f.Add("http://thought.it")
	f.Fuzz(func(t *testing.T, s string) {
		tg := Parse("v", s)
		if tg.Kind == "" {
			t.Fatalf("Parse(%q) has no kind", s)
		}
	})
}
