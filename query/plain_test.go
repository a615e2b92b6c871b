package query

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chancery-frus/chancery/internal/hostile"
)

func TestPlainQuery(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`"test ban`, "test ban"},
		{"Khrushchev AND", "Khrushchev"},
		{"(Berlin", "Berlin"},
		{"Berlin)", "Berlin"},
		{"Cuba OR", "Cuba"},
		{"OR Cuba", "Cuba"},
		{"Cuba && || NOT", "Cuba"},
		{`“test ban`, "test ban"},
		{`"test ban"~1000`, "test ban"},
		{"*ban", "ban"},
		{"arbitrat* wom?n =office", "arbitrat wom n office"},
		{"title: person:(Gromyko", "Gromyko"},
		{"title:Cuba place:Moscow", "Cuba Moscow"},
		{"in:everything Cuba", "Cuba"},
		{"in:text in:notes Cuba", "Cuba"},
		{"note: Cuba", "note Cuba"},
		// Words left out stay out.
		{"-Cuba", ""},
		{"Cuba OR -Berlin", "Cuba"},
		{"Berlin NOT Cuba (", "Berlin"},
		{"Berlin !Cuba (", "Berlin"},
		{"Berlin - Cuba (", "Berlin"},
		{"Berlin -(Cuba (Laos) Vietnam) Moscow (", "Berlin Moscow"},
		{`Berlin -"Cuba Laos" Moscow (`, "Berlin Moscow"},
		{"Berlin -title:Cuba Moscow (", "Berlin Moscow"},
		{"test-ban (", "test-ban"},
		// Words joined by punctuation stay one word.
		{"U.S. policy (", "U.S policy"},
		{"Khrushchevʼs visit (", "Khrushchevʼs visit"},
		{"AT&T and/or (", "AT&T and/or"},
		{"AND-OR (", "AND-OR"},
		{"Gromýko (", "Gromýko"},
		// Nothing to search for.
		{"", ""},
		{`! + " ( ) / \ : - { } [ ] ~ * ?`, ""},
		{"(((", ""},
		{"bad \xff byte (", "bad byte"},
		{strings.Repeat("w ", 100), strings.TrimSpace(strings.Repeat("w ", MaxWords))},
	}
	for _, tt := range tests {
		if got := PlainQuery(tt.in); got != tt.want {
			t.Errorf("PlainQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPlainQueryLimits(t *testing.T) {
	long := strings.Repeat("international ", 200)
	got := PlainQuery(long)
	if len(got) > MaxLength || len(Words(got)) > MaxWords {
		t.Errorf("PlainQuery of %d bytes gave %d bytes, %d words", len(long), len(got), len(Words(got)))
	}
	if _, err := Parse(got); err != nil {
		t.Errorf("Parse(PlainQuery(long)): %v", err)
	}
	// A phrase's words count toward the limit of words.
	got = PlainQuery(strings.Repeat("a.b.c.d ", 20) + "(")
	if n := len(Words(got)); n > MaxWords || n < MaxWords-4 {
		t.Errorf("PlainQuery of joined words: %d words", n)
	}
}

// FuzzPlainQuery: the plain words of any input are nothing, or a query of
// plain words that parses and is its own plain query.
func FuzzPlainQuery(f *testing.F) {
	for _, s := range hostile.Queries(f) {
		f.Add(s)
	}
	for _, s := range []string{`"test ban`, "Khrushchev AND", "(Berlin", `-(a "b c) OR d`, "title:(x in:y", "U.S.–Soviet ʼs", "\xff\xfe", "a\u0301 \u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := PlainQuery(s)
		if p == "" {
			return
		}
		if !utf8.ValidString(p) || strings.TrimSpace(p) != p {
			t.Fatalf("PlainQuery(%q) = %q", s, p)
		}
		q, err := Parse(p)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): %T", p, err)
			}
			t.Fatalf("PlainQuery(%q) = %q, which does not parse: %v", s, p, err)
		}
		if PlainWords(q.Root) == nil {
			t.Fatalf("PlainQuery(%q) = %q, which is not plain words: %s", s, p, q.Root)
		}
		if again := PlainQuery(p); again != p {
			t.Fatalf("PlainQuery(%q) = %q, but PlainQuery(%q) = %q", s, p, p, again)
		}
	})
}
