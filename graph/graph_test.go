package graph_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/graph"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/internal/realvol"
)

// short is what a test compares of a citation.
type short struct {
	Note, How, ToVolume, ToID, First, Last, State string
}

func shorten(cs []chancery.Citation, note string) []short {
	out := []short{}
	for _, c := range cs {
		if c.Note == note {
			out = append(out, short{c.Note, c.How, c.ToVolume, c.ToID, c.First, c.Last, c.State})
		}
	}
	return out
}

// TestModernExcerpts: the seed note of frus1961-63v05 d253 gives the
// three citations a reader expects, and frus1964-68v14's "printed ibid.,
// Document 25", marked up as its own document 25, cites volume XXXIV.
func TestModernExcerpts(t *testing.T) {
	dir := corpus.Modern(t)
	tests := []struct {
		file, note string
		want       []short
	}{
		{"frus1961-63v05-excerpt.xml", "d253fn3", []short{
			{"d253fn3", chancery.HowRefPages, "frus1961-63v15", "", "370", "376", chancery.CitePending},
			{"d253fn3", chancery.HowProse, "frus1961-63v07", "", "589", "592", chancery.CitePending},
			{"d253fn3", chancery.HowProse, "frus1961-63v11", "", "110", "114", chancery.CitePending},
		}},
		{"frus1964-68v14-excerpt.xml", "d13fn3", []short{
			{"d13fn3", chancery.HowProse, "frus1964-68v34", "d25", "", "", chancery.CitePending},
			{"d13fn3", chancery.HowProse, "frus1964-68v34", "d61", "", "", chancery.CitePending},
		}},
		// "ibid., Document 389" on its ref: one citation, the ref; the
		// "Ibid." of the note after it repeats a file of the National
		// Archives, not the series.
		{"frus1964-68v14-excerpt.xml", "d15fn3", []short{
			{"d15fn3", chancery.HowRef, "frus1961-63v05", "d389", "", "", chancery.CitePending},
		}},
		{"frus1964-68v14-excerpt.xml", "d15fn4", []short{
			{"d15fn4", chancery.HowRef, "frus1964-68v14", "d22", "", "", chancery.CiteBroken},
		}},
	}
	for _, tt := range tests {
		v := realvol.Decode(t, filepath.Join(dir, tt.file))
		graph.Prepare(v, nil)
		got := shorten(v.Citations, tt.note)
		if len(got) != len(tt.want) {
			t.Errorf("%s %s: %+v, want %+v", tt.file, tt.note, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s %s citation %d: %+v, want %+v", tt.file, tt.note, i, got[i], tt.want[i])
			}
		}
	}
}

// TestRealVolumes: every citation of the real volumes is well formed,
// and those of a volume of itself are resolved (or broken, with the
// reason) when it is prepared, but for refs of its pages in words citing
// another work's (frus1872p2v2's "Case of United States, pp. 109, 110"); the volumes' apparatus (contents, index)
// cites nothing.
func TestRealVolumes(t *testing.T) {
	var own, resolved, prose int
	for _, v := range realvol.All(t) {
		graph.Prepare(v, nil)
		for i, c := range v.Citations {
			where := v.Volume.ID + "/" + c.Document + " " + c.Note + " " + c.Text
			switch {
			case c.Seq != i+1 || c.Volume != v.Volume.ID || c.Document == "":
				t.Errorf("%s: seq %d volume %s", where, c.Seq, c.Volume)
			case c.State == chancery.CiteBroken && (c.Reason == "" || c.Kind == ""):
				t.Errorf("%s: broken without a reason or a kind", where)
			case c.State == chancery.CiteResolved && c.Kind == "":
				t.Errorf("%s: resolved to no kind of place", where)
			case c.ToVolume == v.Volume.ID && c.State == chancery.CitePending:
				t.Errorf("%s: a citation of its own volume left pending", where)
			case strings.HasPrefix(c.Document, "index") || c.Document == "toc" || c.Document == "papers":
				t.Errorf("%s: a citation in the volume's apparatus", where)
			}
			if c.ToVolume == v.Volume.ID && c.Kind != chancery.BrokenOtherWork {
				own++
				if c.State == chancery.CiteResolved {
					resolved++
				}
			}
			if c.How != chancery.HowRef {
				prose++
			}
		}
	}
	t.Logf("%d citations of their own volume, %d resolved; %d found in plain words", own, resolved, prose)
	if own == 0 || float64(resolved) < 0.99*float64(own) {
		t.Errorf("%d of %d citations of their own volume resolved, want 99%%", resolved, own)
	}
}
