package chancery

import "testing"

func TestDivisionLabel(t *testing.T) {
	tests := []struct {
		d    Division
		want string
	}{
		{Division{ID: "ch1", Type: "chapter", Head: "The Cuban Missile Crisis"}, "The Cuban Missile Crisis"},
		{Division{ID: "ch1", Type: "chapter"}, "Chapter 1"},
		{Division{ID: "ch3", Type: "chapter", N: "III"}, "Chapter III"},
		{Division{ID: "comp12", Type: "compilation"}, "Compilation 12"},
		{Division{ID: "persons", Type: "section"}, "Section"},
		{Division{ID: "terms", Type: "terms"}, "Abbreviations and Terms"},
		{Division{ID: "x", Type: "appendix"}, "Appendix"},
		{Division{ID: "misc2", Type: "miscellany"}, "Miscellany 2"},
		{Division{ID: "d5", Type: "document", N: "5"}, "Document 5"},
	}
	for _, tt := range tests {
		if got := tt.d.Label(); got != tt.want {
			t.Errorf("%+v: Label() = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestPageLabel(t *testing.T) {
	for n, want := range map[string]string{
		"534": "Page 534", "XXV": "Page XXV", "[II]": "Page [II]", "[]": "Unnumbered page", "": "Unnumbered page",
	} {
		if got := PageLabel(n); got != want {
			t.Errorf("PageLabel(%q) = %q, want %q", n, got, want)
		}
	}
}
