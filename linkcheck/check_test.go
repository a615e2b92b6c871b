package linkcheck_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/graph"
	"github.com/chancery-frus/chancery/linkcheck"
	"github.com/chancery-frus/chancery/sqlite"
	"github.com/chancery-frus/chancery/storetest"
)

func TestCheck(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.PutTestVolumes(t, db)
	if _, err := graph.Link(ctx, db); err != nil {
		t.Fatal(err)
	}
	rep, err := linkcheck.Check(ctx, db, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.Kind+" "+p.Volume+"/"+p.Where+" "+p.Target)
	}
	want := []string{
		"malformed frus1866p1/d5 http://ca.ll",
		"malformed frus1961-63v05/d254 http://thought.it",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.NotHeld == 0 || rep.Here < 5 || rep.Citations != rep.Here+rep.NotHeld+len(rep.Problems) {
		t.Errorf("%d citations: %d here, %d not held, %d problems", rep.Citations, rep.Here, rep.NotHeld, len(rep.Problems))
	}
	// By volume: every citation counted once, by how a reader meets it;
	// the seed document's footnote makes two citations in plain words
	// (by ibid.) of volumes not stored here.
	total := 0
	for _, v := range rep.Volumes {
		for _, c := range []linkcheck.Counts{v.Refs, v.Prose} {
			total += c.Total
			broken := 0
			for _, n := range c.Broken {
				broken += n
			}
			if c.Here+c.NotHeld+broken != c.Total {
				t.Errorf("%s: counts do not add up: %s", v.Volume, v)
			}
		}
		if v.Volume == "frus1961-63v05" && (v.Prose.Total < 2 || v.Prose.NotHeld < 2 || v.Refs.Broken[chancery.BrokenMalformed] != 1) {
			t.Errorf("%s", v)
		}
	}
	if total != rep.Citations || len(rep.Volumes) != len(storetest.TestVolumes) {
		t.Errorf("%d citations in %d volumes, the report's %d", total, len(rep.Volumes), rep.Citations)
	}

	// Against the series' list of ids, a citation of a volume it does not
	// hold is broken.
	known := func(id string) bool { return id != "frus1961-63v07" }
	rep, err = linkcheck.Check(ctx, db, []string{"frus1961-63v05"}, known)
	if err != nil {
		t.Fatal(err)
	}
	var noVolume bool
	for _, p := range rep.Problems {
		noVolume = noVolume || p.Kind == chancery.BrokenNoVolume && strings.Contains(p.Reason, "frus1961-63v07")
	}
	if !noVolume {
		t.Errorf("no no-volume problem of frus1961-63v07 in %v", rep.Problems)
	}

	// A citation of a place its volume does not have is broken (no-place).
	v := storetest.Volume(t, "frus1961-63v05.xml")
	v.Volume.Hash += "-2"
	v.Documents = v.Documents[1:] // d253 gone: d254fn1 points to #d253fn2
	graph.Prepare(v, nil)
	if _, err := db.PutVolume(ctx, v); err != nil {
		t.Fatal(err)
	}
	rep, err = linkcheck.Check(ctx, db, []string{"frus1961-63v05"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var dangling bool
	for _, p := range rep.Problems {
		if p.Kind == chancery.BrokenNoPlace && p.Target == "#d253fn2" && p.Note == "d254fn1" {
			dangling = true
		}
	}
	if !dangling {
		t.Errorf("no no-place #d253fn2 in %v", rep.Problems)
	}
	if _, err := linkcheck.Check(ctx, db, []string{"frus1961-63v99"}, nil); err == nil {
		t.Error("a check of a volume not stored did not fail")
	}
}
