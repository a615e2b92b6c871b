package storetest

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/graph"
)

// GraphVolume decodes the volume of testdata/graph that the test volume
// frus1961-63v05 cites, as ingest would.
func GraphVolume(t testing.TB) *chancery.VolumeData {
	t.Helper()
	return decodeFile(t, filepath.Join(testdata(), "graph", "frus1961-63v15.xml"))
}

// citationOf returns the citation of a list with the given text.
func citationOf(t *testing.T, cs []chancery.Citation, text string) chancery.Citation {
	t.Helper()
	for _, c := range cs {
		if c.Text == text {
			return c
		}
	}
	t.Fatalf("no citation %q among %d", text, len(cs))
	return chancery.Citation{}
}

func link(t *testing.T, s chancery.Store) graph.Linked {
	t.Helper()
	l, err := graph.Link(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// testCitations: a volume's citations are stored with it; those of a
// volume not stored stay pending until it arrives and Link runs; both
// sides see them; removing the cited volume makes them pending again.
func testCitations(t *testing.T, s chancery.Store) {
	ctx := context.Background()
	const seed = "vol. XV, pp. 370–376" // frus1961-63v05 d253fn2's ref of frus1961-63v15, its first page
	v05 := Volume(t, "frus1961-63v05.xml")
	for i := range v05.Citations {
		if v05.Citations[i].Text == seed {
			v05.Citations[i].More = []string{"377"} // as "pp. 370–376, 377" would give
			v05.Citations[i].Assumed = "part I is taken"
		}
	}
	mustPut(t, s, v05, chancery.Added)
	cs, err := s.Citations(ctx, "frus1961-63v05", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != len(v05.Citations) || len(cs) < 8 {
		t.Fatalf("%d citations stored, want the %d extracted", len(cs), len(v05.Citations))
	}
	for i, c := range cs {
		if c.Seq != i+1 || c.Volume != "frus1961-63v05" {
			t.Errorf("citation %d: volume %s seq %d", i, c.Volume, c.Seq)
		}
	}
	if c := citationOf(t, cs, seed); c.State != chancery.CitePending || len(c.Documents) != 0 || strings.Join(c.More, " ") != "377" || c.Assumed != "part I is taken" {
		t.Errorf("citation of a volume not stored: %+v, want pending, its further page and what was assumed kept", c)
	}
	if c := citationOf(t, cs, "page 534"); c.State != chancery.CiteResolved || strings.Join(c.Documents, " ") != "d254 d253" || c.Kind != chancery.ToPage {
		t.Errorf("ref of a page of its own volume: %+v, want resolved to d254 (begins there), then d253 (continued)", c)
	}
	if c := citationOf(t, cs, "thought it"); c.State != chancery.CiteBroken || c.Reason == "" {
		t.Errorf("malformed ref: %+v, want broken with a reason", c)
	}
	if l := link(t, s); l.Resolved != 0 {
		t.Errorf("Link with the cited volume absent resolved %d", l.Resolved)
	}

	// The cited volume arrives: the citations of it resolve, without
	// frus1961-63v05 stored again.
	mustPut(t, s, GraphVolume(t), chancery.Added)
	if l := link(t, s); l.Resolved < 2 {
		t.Errorf("Link resolved %d citations, want those of frus1961-63v05 of the new volume and its own of frus1961-63v05", l.Resolved)
	}
	cs, err = s.Citations(ctx, "frus1961-63v05", "")
	if err != nil {
		t.Fatal(err)
	}
	if c := citationOf(t, cs, seed); c.State != chancery.CiteResolved || strings.Join(c.Documents, " ") != "d150 d151 d149" || c.Kind != chancery.ToPages {
		t.Errorf("seed citation once its volume is stored: %+v, want pages resolved to d150 d151 (begin there), then d149 (continued)", c)
	}
	by, err := s.CitedBy(ctx, "frus1961-63v15", "d151")
	if err != nil {
		t.Fatal(err)
	}
	if len(by) != 1 || by[0].Volume != "frus1961-63v05" || by[0].Text != seed {
		t.Errorf("CitedBy(frus1961-63v15, d151) = %+v, want the seed note's citation", by)
	}
	by, err = s.CitedBy(ctx, "frus1961-63v05", "d253")
	if err != nil {
		t.Fatal(err)
	}
	var from15, from05 int
	for _, c := range by {
		switch c.Volume {
		case "frus1961-63v15":
			from15++
		case "frus1961-63v05":
			from05++
		}
	}
	if from15 != 1 || from05 < 3 {
		t.Errorf("CitedBy(frus1961-63v05, d253): %d from frus1961-63v15, %d from its own volume, want 1 and at least 3 (%+v)", from15, from05, by)
	}
	counts, err := s.CitationCounts(ctx, "frus1961-63v05")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range counts {
		if n.Document == "d253" {
			found = n.Here == from05 && n.Others == 1
		}
	}
	if !found {
		t.Errorf("CitationCounts(frus1961-63v05) = %+v, want d253 cited %d times here and once from others", counts, from05)
	}

	// The search language's filters of the graph, alone and with words.
	for _, tt := range []struct{ q, want string }{
		{"cites:frus1961-63v15/d150", "frus1961-63v05/d253 frus1961-63v15/d151"},
		{"cites:frus1961-63v15#d150", "frus1961-63v05/d253 frus1961-63v15/d151"},
		{"cited:frus1961-63v05/d253", "frus1961-63v05/d254 frus1961-63v15/d149 frus1961-63v15/d150 frus1961-63v15/d151"},
		{"Gromyko cites:frus1961-63v15", "frus1961-63v05/d253 frus1961-63v05/d256"}, // d256 cites the whole volume
		{"cites:frus1961-63v15 cited:frus1961-63v15", "frus1961-63v05/d253"},        // cites d150, cited by d150
		{"cites:frus1961-63v99", ""},
	} {
		res := find(t, s, tt.q, nil)
		if got := sortedIDs(res); got != tt.want || res.Total != len(res.Hits) {
			t.Errorf("search %q: %s (total %d), want %s", tt.q, got, res.Total, tt.want)
		}
	}

	// What Link reads and writes back for a volume since replaced is left
	// as stored.
	stale := citationOf(t, cs, seed)
	stale.ToVolume, stale.State, stale.Documents = "frus1961-63v99", chancery.CiteBroken, []string{}
	if err := s.ResolveCitations(ctx, []chancery.Citation{stale}); err != nil {
		t.Fatal(err)
	}
	cs, _ = s.Citations(ctx, "frus1961-63v05", "")
	if c := citationOf(t, cs, seed); c.State != chancery.CiteResolved {
		t.Errorf("a stale resolution was recorded: %+v", c)
	}

	if doc, err := s.Citations(ctx, "frus1961-63v05", "d253"); err != nil || len(doc) == 0 || len(doc) >= len(cs) {
		t.Errorf("Citations(frus1961-63v05, d253): %d of the volume's %d, %v", len(doc), len(cs), err)
	} else {
		for _, c := range doc {
			if c.Document != "d253" {
				t.Errorf("Citations(frus1961-63v05, d253) holds one of %s", c.Document)
			}
		}
	}
	var all int
	if err := s.EachCitation(ctx, func(c chancery.Citation) error { all++; return nil }); err != nil {
		t.Fatal(err)
	}
	if want := len(v05.Citations) + len(GraphVolume(t).Citations); all != want {
		t.Errorf("EachCitation gave %d, want %d", all, want)
	}
	stop := errors.New("stop")
	if err := s.EachCitation(ctx, func(chancery.Citation) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("EachCitation returned %v, want fn's error", err)
	}

	// The cited volume removed: its citations are pending again, and it is
	// cited by nothing.
	if err := s.DeleteVolume(ctx, "frus1961-63v15"); err != nil {
		t.Fatal(err)
	}
	cs, _ = s.Citations(ctx, "frus1961-63v05", "")
	if c := citationOf(t, cs, seed); c.State != chancery.CitePending || len(c.Documents) != 0 || c.Assumed == "" {
		t.Errorf("citation of a removed volume: %+v, want pending, what was assumed kept", c)
	}
	if by, err := s.CitedBy(ctx, "frus1961-63v15", "d151"); err != nil || len(by) != 0 {
		t.Errorf("CitedBy of a removed volume = %+v, %v", by, err)
	}
	if by, _ := s.CitedBy(ctx, "frus1961-63v05", "d253"); len(by) != from05 {
		t.Errorf("CitedBy(frus1961-63v05, d253) after frus1961-63v15 was removed: %d, want %d", len(by), from05)
	}
	if cs, err := s.Citations(ctx, "frus1961-63v15", ""); err != nil || len(cs) != 0 {
		t.Errorf("citations of a removed volume: %d, %v", len(cs), err)
	}
}
