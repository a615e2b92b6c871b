package query

import (
	"errors"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery/internal/hostile"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, want, scope string
	}{
		{"test ban", "(test AND ban)", ""},
		{`"test ban"`, `"test ban"`, ""},
		{`"test ban"~10`, `"test ban"~10`, ""},
		{"nuclear OR atomic", "(nuclear OR atomic)", ""},
		{"Berlin -Cuba", "(berlin AND NOT cuba)", ""},
		{"Berlin NOT Cuba", "(berlin AND NOT cuba)", ""},
		{"Berlin !Cuba", "(berlin AND NOT cuba)", ""},
		{"+Berlin +Cuba", "(berlin AND cuba)", ""},
		{"(nuclear OR atomic) test", "((nuclear OR atomic) AND test)", ""},
		{"arbitrat*", "arbitrat*", ""},
		{"=office", "=office", ""},
		{"title:Cuba", "title:cuba", ""},
		{`title:"missile crisis"`, `title:"missile crisis"`, ""},
		{"person:(Gromyko OR Dobrynin)", "(person:gromyko OR person:dobrynin)", ""},
		{"place:Moscow in:notes", "place:moscow", "notes"},
		{"in:text Khrushchev", "khrushchev", "text"},
		{"Gromýko ÉTAT", "(gromyko AND etat)", ""},
		{"U.S. policy", `("u s" AND policy)`, ""},
		{"test-ban treaty", `("test ban" AND treaty)`, ""},
		{"wom?n", "wom?n", ""},
		{"what about the test ban?", "(what AND about AND the AND test AND ban)", ""},
		{"a AND b", "(a AND b)", ""},
		{"a && b || c", "((a AND b) OR c)", ""},
		{`! + / \ : - { } [ ] ~ Cuba`, "cuba", ""},
		{"Cuba ()", "cuba", ""},
		{`"Cuba"`, "=cuba", ""},
		{"note: Cuba", "(note AND cuba)", ""},
		{"a* a* a* a*", "a*", ""},
		{"Cuba OR Cuba OR Berlin", "(cuba OR berlin)", ""},
		{"Berlin Cuba Berlin", "(berlin AND cuba)", ""},
		{"title:Cuba Cuba", "(title:cuba AND cuba)", ""},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := q.Root.String(); got != tt.want || q.Scope != tt.scope {
			t.Errorf("Parse(%q) = %s scope %q, want %s scope %q", tt.in, got, q.Scope, tt.want, tt.scope)
		}
	}
}

// TestParseLinks: cites: and cited: are filters of the whole query, with
// words or alone.
func TestParseLinks(t *testing.T) {
	tests := []struct {
		in, root, links string
	}{
		{"cites:frus1961-63v15/d150", "", "cites:frus1961-63v15/d150"},
		{"cites:frus1961-63v15#d150", "", "cites:frus1961-63v15/d150"},
		{"Berlin cited:frus1961-63v05", "berlin", "cited:frus1961-63v05"},
		{"CITES:frus1934v04 cited:frus1934v04/d5 treaty", "treaty", "cites:frus1934v04 cited:frus1934v04/d5"},
		// The persons of the documents.
		{"from:rusk-david-dean", "", "from:rusk-david-dean"},
		{"Berlin to:hull-cordell with:111738", "berlin", "to:hull-cordell with:111738"},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		root := ""
		if q.Root != nil {
			root = q.Root.String()
		}
		var links []string
		for _, l := range q.Links {
			links = append(links, l.String())
		}
		if root != tt.root || strings.Join(links, " ") != tt.links {
			t.Errorf("Parse(%q) = %q with %v, want %q with %s", tt.in, root, links, tt.root, tt.links)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, msg string
	}{
		{"", "no words"},
		{`! + " ( ) / \ : - { } [ ] ~ * ?`, "quotation mark is never closed"},
		{"(test ban", "( is never closed"},
		{"test ban)", ") has no matching ("},
		{"-Cuba", "at least one word to look for"},
		{"Cuba OR -Berlin", "NOT can only leave words out"},
		{"Cuba OR", "OR needs words on both sides"},
		{"OR Cuba", "OR needs words on both sides"},
		{"Cuba AND", "AND needs words on both sides"},
		{"Cuba NOT", "NOT needs a word after it"},
		{"*ban", "cannot begin with a wildcard"},
		{"*", "wildcard needs letters before it"},
		{"title:", "needs a word after it"},
		{"in:everything Cuba", "in: takes text or notes"},
		{"in:text in:notes Cuba", "only one of in:text and in:notes"},
		{`"a b"~1000`, "at most ~100"},
		{"bad \xff byte", "not valid UTF-8"},
		{strings.Repeat("word ", 2000), "at most 1000"},
		{strings.Repeat("w ", 100), "at most 64 are allowed"},
		{"/ \\ {}", "no words"},
		{"cites: Cuba", "cites: takes a volume"},
		{"cited:frus1961-63v05/d253/x Cuba", "cited: takes a volume"},
		{"cites:<script>", "cites: takes a volume"},
		{"Gromyko -cites:frus1961-63v15", "cannot be left out"},
		{"Gromyko OR cites:frus1961-63v15", "cannot be left out"},
		{"from:Rusk", "from: takes a person's id, as from:rusk-david-dean"},
		{"to: Cuba", "to: takes a person's id"},
		{"with:../../etc", "with: takes a person's id"},
		{"Gromyko -with:rusk-david-dean", "cannot be left out"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var qe *Error
		if !errors.As(err, &qe) {
			t.Errorf("Parse(%q) = %v, want a *query.Error", tt.in, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Parse(%q) error %q, want it to say %q", tt.in, err, tt.msg)
		}
	}
}

func TestWords(t *testing.T) {
	got := strings.Join(Words("Khrushchevʼs visit—to the U.S., 1962; Gromýko"), "|")
	if got != "khrushchev|s|visit|to|the|u|s|1962|gromyko" {
		t.Errorf("Words = %s", got)
	}
}

// FuzzParse: any input gives a query or a *query.Error, never a panic, and
// a query always has something to look for.
func FuzzParse(f *testing.F) {
	for _, s := range hostile.Queries(f) {
		f.Add(s)
	}
	for _, s := range []string{`"test ban"~10 -Berlin`, `title:(a OR b) in:notes`, "cites:frus1961-63v15/d150 Berlin", "cited:frus1961-63v05", "\x03", "\x01scope:notes", `! + " ( ) / \ : - { } [ ] ~ * ?`, "arbitrat* wom?n =office", "((a", "a OR (b -c)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q) error %T", s, err)
			}
			return
		}
		if q.Root == nil && len(q.Links) == 0 || q.Root != nil && !positive(q.Root) {
			t.Fatalf("Parse(%q) = %v: nothing to look for", s, q.Root)
		}
		if q.Root != nil {
			_ = q.Root.String()
		}
	})
}
