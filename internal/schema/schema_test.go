package schema

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestPending(t *testing.T) {
	fsys := fstest.MapFS{
		"migrations/0001_init.sql":   {Data: []byte("CREATE TABLE a (x int);")},
		"migrations/0002_more.sql":   {Data: []byte("CREATE TABLE b (x int);")},
		"migrations/0003_search.sql": {Data: []byte("CREATE TABLE c (x int);")},
	}
	got, err := Pending(fsys, 1)
	if err != nil || len(got) != 2 || got[0].Version != 2 || got[1].Name != "migrations/0003_search.sql" || !strings.Contains(got[1].SQL, "TABLE c") {
		t.Errorf("Pending(1) = %+v, %v", got, err)
	}
	if got, err := Pending(fsys, 3); err != nil || len(got) != 0 {
		t.Errorf("Pending(3) = %+v, %v", got, err)
	}
	if _, err := Pending(fsys, 4); err == nil || !strings.Contains(err.Error(), "newer than this chancery") {
		t.Errorf("Pending(4): %v", err)
	}
	fsys["migrations/0005_gap.sql"] = &fstest.MapFile{Data: []byte("")}
	if _, err := Pending(fsys, 0); err == nil || !strings.Contains(err.Error(), "out of sequence") {
		t.Errorf("a gap in the numbers: %v", err)
	}
}
