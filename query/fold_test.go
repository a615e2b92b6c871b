package query

import "testing"

// TestFold: the letter-by-letter fold gives what Unicode decomposition
// gives, for every letter of the table and every pair of them, and for
// words beyond it.
func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Bogotá", "bogota"},
		{"MUÑOZ", "munoz"},
		{"Señor", "senor"},
		{"Œuvre", "œuvre"},
		{"İzmir", "izmir"},
		{"Ελλάδα", "ελλαδα"},   // beyond the table
		{"cafe\u0301", "cafe"}, // a combining mark, beyond the table
		{"treaty", "treaty"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for a := rune(0x20); a < latinEnd; a++ {
		if s := string(a); Fold(s) != foldUnicode(s) {
			t.Fatalf("Fold(%q) = %q, foldUnicode %q", s, Fold(s), foldUnicode(s))
		}
		for b := rune(0x20); b < latinEnd; b += 3 {
			if s := string([]rune{a, b}); Fold(s) != foldUnicode(s) {
				t.Fatalf("Fold(%q) = %q, foldUnicode %q", s, Fold(s), foldUnicode(s))
			}
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Bogotá", "MUÑOZ", "cafe\u0301", "Ελλάδα", "\xff", "İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldUnicode(s); got != want {
			t.Errorf("Fold(%q) = %q, foldUnicode %q", s, got, want)
		}
	})
}
