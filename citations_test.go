package chancery

import (
	"slices"
	"testing"
)

// TestCited: a citation cites the documents it resolved to but the one
// holding it; a citation not resolved cites none.
func TestCited(t *testing.T) {
	for _, tt := range []struct {
		c    Citation
		want []string
	}{
		{Citation{Volume: "v", Document: "d494", ToVolume: "v", State: CiteResolved, Documents: []string{"d494"}}, []string{}},
		{Citation{Volume: "v", Document: "d494", ToVolume: "v", State: CiteResolved, Documents: []string{"d495", "d494"}}, []string{"d495"}},
		{Citation{Volume: "w", Document: "d494", ToVolume: "v", State: CiteResolved, Documents: []string{"d494"}}, []string{"d494"}},
		{Citation{Volume: "v", Document: "d1", ToVolume: "v", State: CitePending, Documents: []string{"d2"}}, nil},
	} {
		if got := tt.c.Cited(); !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("%+v: %v, want %v", tt.c, got, tt.want)
		}
	}
}
