package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/sqlite"
)

func openDB(t testing.TB) *sqlite.DB {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "chancery.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestFiles(t *testing.T) {
	files, err := ingest.Files([]string{"../testdata/volumes", "../testdata/volumes/frus1866p1.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 || !strings.HasSuffix(files[0], "frus1866p1.xml") {
		t.Errorf("Files = %v, want the 3 test volumes once each, sorted", files)
	}
	if _, err := ingest.Files([]string{"../testdata/nope"}); err == nil || !strings.Contains(err.Error(), "../testdata/nope") {
		t.Errorf("missing input: err = %v", err)
	}
}

// TestBadInputsLoseNothing ingests good and bad files together: the bad
// ones fail with their file and line, the good ones are stored, and what
// was stored before is untouched.
func TestBadInputsLoseNothing(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	good, _ := ingest.Files([]string{"../testdata/volumes"})
	s := ingest.Run(ctx, db, good, ingest.Options{})
	if !s.OK() || s.Added != 3 {
		t.Fatalf("first run: %+v", s)
	}
	before, _ := db.Volumes(ctx)

	// A broken copy of a stored volume, under the stored volume's name.
	dir := t.TempDir()
	data, _ := os.ReadFile("../testdata/volumes/frus1866p1.xml")
	broken := filepath.Join(dir, "frus1866p1.xml")
	os.WriteFile(broken, data[:len(data)/2], 0o644)
	bad, _ := ingest.Files([]string{"../testdata/bad"})
	inputs := append([]string{broken}, bad...)
	var seen int
	s = ingest.Run(ctx, db, inputs, ingest.Options{OnResult: func(ingest.Result) { seen++ }})
	if seen != len(inputs) {
		t.Errorf("OnResult called %d times for %d inputs", seen, len(inputs))
	}
	if s.OK() || s.Failed != len(inputs)-3 || s.Added != 3 {
		t.Errorf("summary: failed %d added %d, want %d failed and 3 added (bom.xml, external-dtd.xml, missing-ids.xml)", s.Failed, s.Added, len(inputs)-3)
	}
	for _, r := range s.Results {
		if r.Err != nil && !strings.Contains(r.Err.Error(), r.File) {
			t.Errorf("error %q does not name its file %s", r.Err, r.File)
		}
	}
	after, _ := db.Volumes(ctx)
	byID := map[string]chancery.VolumeStats{}
	for _, v := range after {
		byID[v.ID] = v
	}
	for _, v := range before {
		if byID[v.ID] != v {
			t.Errorf("volume %s changed: %+v, was %+v", v.ID, byID[v.ID], v)
		}
	}
}

func TestReingestReplacesOnlyChanged(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	dir := t.TempDir()
	data, _ := os.ReadFile("../testdata/volumes/frus1895Supp.xml")
	path := filepath.Join(dir, "frus1895Supp.xml")
	os.WriteFile(path, data, 0o644)
	if s := ingest.Run(ctx, db, []string{path}, ingest.Options{}); s.Added != 1 {
		t.Fatalf("first: %+v", s)
	}
	if s := ingest.Run(ctx, db, []string{path}, ingest.Options{}); s.Unchanged != 1 {
		t.Fatalf("second: %+v", s)
	}
	changed := strings.Replace(string(data), "</body>", `<div type="document" xml:id="d99" n="99"><head>Added later</head><p>New.</p></div></body>`, 1)
	os.WriteFile(path, []byte(changed), 0o644)
	s := ingest.Run(ctx, db, []string{path}, ingest.Options{})
	if s.Replaced != 1 {
		t.Fatalf("third: %+v", s)
	}
	if d, err := db.Document(ctx, "frus1895Supp", "d99"); err != nil || d.Title != "Added later" {
		t.Errorf("new document: %v, %v", d, err)
	}
}

// TestCorpus ingests the shared corpus of real volumes and checks what a
// reader relies on.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus test skipped in -short mode")
	}
	ctx := context.Background()
	dir := corpus.Dir(t)
	files, err := ingest.Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	s := ingest.Run(ctx, db, files, ingest.Options{})
	for _, r := range s.Results {
		if r.Err != nil {
			t.Errorf("%v", r.Err)
		}
	}
	if len(files) != 20 || s.Added != 20 || s.Totals.Documents != 8371 {
		t.Errorf("%d files, %d added, %d documents; want 20, 20, 8371", len(files), s.Added, s.Totals.Documents)
	}
	var eligible, dated, docs int
	for _, r := range s.Results {
		all, err := db.Documents(ctx, r.Volume)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range all {
			docs++
			if d.Title == "" {
				t.Errorf("%s/%s has no title", r.Volume, d.ID)
			}
			if d.FirstPage() == "" || d.LastPage() == "" {
				t.Errorf("%s/%s has no page span", r.Volume, d.ID)
			}
			if d.DateTimeMin != "" || d.DateTimeMax != "" || (d.Dateline != nil && (d.Dateline.DateText != "" || d.Dateline.When != "")) {
				eligible++
				if d.Date != nil {
					dated++
				}
			}
		}
	}
	if docs != 8371 {
		t.Errorf("%d documents read back, want 8371", docs)
	}
	share := float64(dated) / float64(eligible)
	t.Logf("dated %d of %d documents with a dateline date or doc-dateTime (%.2f%%)", dated, eligible, 100*share)
	if share < 0.97 {
		t.Errorf("only %.2f%% of datable documents dated, want at least 97%%", 100*share)
	}
	t.Logf("warnings by kind: %v", s.ByKind)
	for _, r := range s.Results {
		for _, w := range r.Warnings {
			t.Log(w)
		}
	}
}

// bulkLog is a store that records the bulk runs it is told of.
type bulkLog struct {
	*sqlite.DB
	began, ended int
}

func (b *bulkLog) BeginBulk(ctx context.Context) error { b.began++; return b.DB.BeginBulk(ctx) }
func (b *bulkLog) EndBulk(ctx context.Context) error   { b.ended++; return b.DB.EndBulk(ctx) }

// TestBulkRun: a run of at least BulkMin volumes that adds a quarter of
// what is stored is a bulk run, begun before its first volume and ended
// after, even when cancelled; a smaller run is not, nor one whose volumes
// are all stored already.
func TestBulkRun(t *testing.T) {
	ctx := context.Background()
	many := make([]string, ingest.BulkMin)
	for i := range many {
		many[i] = "../testdata/volumes/frus1866p1.xml" // the same volume: stored once, then unchanged
	}
	for _, c := range []struct {
		name   string
		files  []string
		stored int // volumes stored before
		cancel bool
		again  bool // the files stored already, by a run before
		bulk   bool
	}{
		{"few", many[:ingest.BulkMin-1], 0, false, false, false},
		{"many", many, 0, false, false, true},
		{"many, cancelled", many, 0, true, false, true},
		{"many beside more stored", many, ingest.BulkMin*ingest.BulkShare + 1, false, false, false},
		{"many, all unchanged", many, 0, false, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := &bulkLog{DB: openDB(t)}
			for i := range c.stored {
				v := &chancery.VolumeData{Volume: &chancery.Volume{ID: "padding" + strings.Repeat("x", i+1), Hash: "h"}}
				if _, err := db.PutVolume(ctx, v); err != nil {
					t.Fatal(err)
				}
			}
			if c.again {
				ingest.Run(ctx, db, c.files, ingest.Options{})
				db.began, db.ended = 0, 0
			}
			runCtx, cancel := context.WithCancel(ctx)
			opt := ingest.Options{}
			if c.cancel { // stopped after the first volume
				opt.OnResult = func(ingest.Result) { cancel() }
			}
			ingest.Run(runCtx, db, c.files, opt)
			cancel()
			want := 0
			if c.bulk {
				want = 1
			}
			if db.began != want || db.ended != want {
				t.Errorf("began %d and ended %d bulk runs, want %d", db.began, db.ended, want)
			}
		})
	}
}
