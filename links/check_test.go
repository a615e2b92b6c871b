package links_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery/links"
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
	rep, err := links.Check(ctx, db, nil)
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
	if rep.Unverified == 0 || rep.Refs < 30 {
		t.Errorf("refs %d, unverified %d", rep.Refs, rep.Unverified)
	}
	// By volume: every ref counted once, by what it leads to; the seed
	// document's footnote 3 makes three citations in plain words (its
	// whole-volume ref followed by pages, and two by ibid.).
	refs := 0
	for _, v := range rep.Volumes {
		refs += v.Refs
		if v.Here+v.NotHeld+v.Malformed+v.Dangling != v.Refs {
			t.Errorf("%s: refs do not add up: %s", v.Volume, v)
		}
		if v.Volume == "frus1961-63v05" && (v.Prose < 3 || v.Malformed != 1 || v.ProseError != 0) {
			t.Errorf("%s", v)
		}
	}
	if refs != rep.Refs || len(rep.Volumes) != len(storetest.TestVolumes) {
		t.Errorf("%d refs in %d volumes, the report's %d", refs, len(rep.Volumes), rep.Refs)
	}
	// A dangling ref appears when its target's volume is stored without it.
	v := storetest.Volume(t, "frus1961-63v05.xml")
	v.Volume.Hash += "-2"
	v.Documents = v.Documents[1:] // d253 gone: d254fn1 points to #d253fn2
	if _, err := db.PutVolume(ctx, v); err != nil {
		t.Fatal(err)
	}
	rep, err = links.Check(ctx, db, []string{"frus1961-63v05"})
	if err != nil {
		t.Fatal(err)
	}
	var dangling bool
	for _, p := range rep.Problems {
		if p.Kind == "dangling" && p.Target == "#d253fn2" && p.Note == "d254fn1" {
			dangling = true
		}
	}
	if !dangling {
		t.Errorf("no dangling #d253fn2 in %v", rep.Problems)
	}
}
