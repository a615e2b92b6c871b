// Package storetest is the behaviour every chancery.Store must have,
// written once and run against each backend.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
)

// Opener returns an empty store for one test; the store is closed by the
// suite.
type Opener func(t *testing.T) chancery.Store

// testdata is the repository's testdata directory.
func testdata() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata")
}

// Volume decodes one of the repository's test volumes, as ingest would.
func Volume(t testing.TB, name string) *chancery.VolumeData {
	t.Helper()
	return decodeFile(t, filepath.Join(testdata(), "volumes", name))
}

// decodeFile decodes a test volume's file, as ingest would.
func decodeFile(t testing.TB, path string) *chancery.VolumeData {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ingest.Decode(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Run runs the whole suite.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s chancery.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"Unchanged", testUnchanged},
		{"Replace", testReplace},
		{"FailedPutKeepsOldVersion", testFailedPut},
		{"CancelledPut", testCancelledPut},
		{"NotFound", testNotFound},
		{"Delete", testDelete},
		{"ConcurrentPuts", testConcurrentPuts},
		{"LocateAndGeneration", testLocateAndGeneration},
		{"SearchLanguage", testSearchLanguage},
		{"SearchResults", testSearchResults},
		{"SearchFilters", testSearchFilters},
		{"SearchFacets", testSearchFacets},
		{"SearchAfterReplace", testSearchAfterReplace},
		{"SearchBudget", testSearchBudget},
		{"SearchWhileStoring", testSearchWhileStoring},
		{"BulkRun", testBulkRun},
		{"Citations", testCitations},
		{"Datasets", testDatasets},
		{"People", testPeople},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tt.fn(t, s)
		})
	}
}

func mustPut(t *testing.T, s chancery.Store, v *chancery.VolumeData, want chancery.PutResult) {
	t.Helper()
	got, err := s.PutVolume(context.Background(), v)
	if err != nil {
		t.Fatalf("PutVolume(%s): %v", v.Volume.ID, err)
	}
	if got != want {
		t.Fatalf("PutVolume(%s) = %v, want %v", v.Volume.ID, got, want)
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// testRoundTrip: what is stored comes back field for field.
func testRoundTrip(t *testing.T, s chancery.Store) {
	ctx := context.Background()
	v := Volume(t, "frus1961-63v05.xml")
	mustPut(t, s, v, chancery.Added)

	got, err := s.Volume(ctx, v.Volume.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *v.Volume
	want.Ingested = got.Ingested
	if jsonOf(t, got) != jsonOf(t, &want) {
		t.Errorf("Volume record differs from what was stored:\n got %s\nwant %s", jsonOf(t, got), jsonOf(t, &want))
	}
	for _, d := range v.Documents {
		got, err := s.Document(ctx, v.Volume.ID, d.ID)
		if err != nil {
			t.Fatalf("Document(%s): %v", d.ID, err)
		}
		if jsonOf(t, got) != jsonOf(t, d) {
			t.Errorf("Document %s differs:\n got %s\nwant %s", d.ID, jsonOf(t, got), jsonOf(t, d))
		}
	}
	docs, err := s.Documents(ctx, v.Volume.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(v.Documents) {
		t.Fatalf("Documents: %d, want %d", len(docs), len(v.Documents))
	}
	for i := range docs {
		if docs[i].ID != v.Documents[i].ID {
			t.Errorf("Documents[%d] = %s, want %s (volume order)", i, docs[i].ID, v.Documents[i].ID)
		}
	}
	stats, err := s.Volumes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 1 || stats[0] != v.Stats() {
		t.Errorf("Volumes = %+v, want %+v", stats, v.Stats())
	}
	warns, err := s.Warnings(ctx, v.Volume.ID)
	if err != nil {
		t.Fatal(err)
	}
	if jsonOf(t, warns) != jsonOf(t, v.Warnings) {
		t.Errorf("Warnings = %v, want %v", warns, v.Warnings)
	}
	hash, err := s.VolumeHash(ctx, v.Volume.ID)
	if err != nil || hash != v.Volume.Hash {
		t.Errorf("VolumeHash = %q, %v; want %q", hash, err, v.Volume.Hash)
	}
}

func testUnchanged(t *testing.T, s chancery.Store) {
	v := Volume(t, "frus1866p1.xml")
	mustPut(t, s, v, chancery.Added)
	mustPut(t, s, Volume(t, "frus1866p1.xml"), chancery.Unchanged)
}

// shrunk returns a new version of v: another hash, its last document gone
// and the first one retitled.
func shrunk(t *testing.T, name string) *chancery.VolumeData {
	v := Volume(t, name)
	v.Volume.Hash += "-v2"
	v.Documents = v.Documents[:len(v.Documents)-1]
	v.Documents[0].Title = "Retitled in the second version"
	return v
}

func testReplace(t *testing.T, s chancery.Store) {
	ctx := context.Background()
	old := Volume(t, "frus1961-63v05.xml")
	mustPut(t, s, old, chancery.Added)
	other := Volume(t, "frus1895Supp.xml")
	mustPut(t, s, other, chancery.Added)

	v2 := shrunk(t, "frus1961-63v05.xml")
	mustPut(t, s, v2, chancery.Replaced)
	gone := old.Documents[len(old.Documents)-1].ID
	if _, err := s.Document(ctx, old.Volume.ID, gone); !errors.Is(err, chancery.ErrNotFound) {
		t.Errorf("document %s of the old version: err = %v, want ErrNotFound", gone, err)
	}
	d, err := s.Document(ctx, old.Volume.ID, v2.Documents[0].ID)
	if err != nil || d.Title != "Retitled in the second version" {
		t.Errorf("first document after replace: %v, %v", d, err)
	}
	stats, err := s.Volumes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 2 || stats[0] != other.Stats() || stats[1] != v2.Stats() {
		t.Errorf("Volumes after replace = %+v, want %+v and %+v", stats, other.Stats(), v2.Stats())
	}
}

// testFailedPut: a version the store cannot accept (two documents with one
// id) fails and leaves the stored version whole.
func testFailedPut(t *testing.T, s chancery.Store) {
	ctx := context.Background()
	old := Volume(t, "frus1961-63v05.xml")
	mustPut(t, s, old, chancery.Added)
	bad := Volume(t, "frus1961-63v05.xml")
	bad.Volume.Hash += "-bad"
	bad.Documents[1].ID = bad.Documents[0].ID
	if _, err := s.PutVolume(ctx, bad); err == nil {
		t.Fatal("PutVolume with duplicate document ids succeeded")
	}
	assertStored(t, s, old)
}

func testCancelledPut(t *testing.T, s chancery.Store) {
	old := Volume(t, "frus1961-63v05.xml")
	mustPut(t, s, old, chancery.Added)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.PutVolume(ctx, shrunk(t, "frus1961-63v05.xml")); err == nil {
		t.Fatal("PutVolume with a cancelled context succeeded")
	}
	assertStored(t, s, old)
}

// assertStored checks that v is stored exactly.
func assertStored(t *testing.T, s chancery.Store, v *chancery.VolumeData) {
	t.Helper()
	ctx := context.Background()
	hash, err := s.VolumeHash(ctx, v.Volume.ID)
	if err != nil || hash != v.Volume.Hash {
		t.Errorf("hash = %q, %v; want %q", hash, err, v.Volume.Hash)
	}
	docs, err := s.Documents(ctx, v.Volume.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(v.Documents) {
		t.Fatalf("%d documents stored, want %d", len(docs), len(v.Documents))
	}
	for i, d := range docs {
		if jsonOf(t, d) != jsonOf(t, v.Documents[i]) {
			t.Errorf("document %s changed", d.ID)
		}
	}
	stats, err := s.Volumes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 1 || stats[0] != v.Stats() {
		t.Errorf("Volumes = %+v, want %+v", stats, v.Stats())
	}
}

func testNotFound(t *testing.T, s chancery.Store) {
	ctx := context.Background()
	if _, err := s.Volume(ctx, "frus1900nope"); !errors.Is(err, chancery.ErrNotFound) {
		t.Errorf("Volume: %v, want ErrNotFound", err)
	}
	if _, err := s.VolumeHash(ctx, "frus1900nope"); !errors.Is(err, chancery.ErrNotFound) {
		t.Errorf("VolumeHash: %v, want ErrNotFound", err)
	}
	mustPut(t, s, Volume(t, "frus1895Supp.xml"), chancery.Added)
	if _, err := s.Document(ctx, "frus1895Supp", "d999"); !errors.Is(err, chancery.ErrNotFound) {
		t.Errorf("Document: %v, want ErrNotFound", err)
	}
	if err := s.DeleteVolume(ctx, "frus1900nope"); !errors.Is(err, chancery.ErrNotFound) {
		t.Errorf("DeleteVolume: %v, want ErrNotFound", err)
	}
	stats, err := s.Volumes(ctx)
	if err != nil || len(stats) != 1 {
		t.Errorf("Volumes = %v, %v", stats, err)
	}
}

func testDelete(t *testing.T, s chancery.Store) {
	ctx := context.Background()
	v := Volume(t, "frus1866p1.xml")
	mustPut(t, s, v, chancery.Added)
	mustPut(t, s, Volume(t, "frus1895Supp.xml"), chancery.Added)
	if err := s.DeleteVolume(ctx, v.Volume.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Document(ctx, v.Volume.ID, v.Documents[0].ID); !errors.Is(err, chancery.ErrNotFound) {
		t.Errorf("document after delete: %v", err)
	}
	if w, err := s.Warnings(ctx, v.Volume.ID); err != nil || len(w) != 0 {
		t.Errorf("warnings after delete: %v, %v", w, err)
	}
	stats, _ := s.Volumes(ctx)
	if len(stats) != 1 || stats[0].ID != "frus1895Supp" {
		t.Errorf("Volumes after delete = %+v", stats)
	}
	// The volume can be stored again.
	mustPut(t, s, v, chancery.Added)
}

func testConcurrentPuts(t *testing.T, s chancery.Store) {
	names := []string{"frus1961-63v05.xml", "frus1866p1.xml", "frus1895Supp.xml"}
	var wg sync.WaitGroup
	errs := make(chan error, len(names)*2)
	for round := 0; round < 2; round++ {
		for _, n := range names {
			v := Volume(t, n)
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.PutVolume(context.Background(), v); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	stats, err := s.Volumes(context.Background())
	if err != nil || len(stats) != len(names) {
		t.Errorf("Volumes = %+v, %v", stats, err)
	}
}

func testLocateAndGeneration(t *testing.T, s chancery.Store) {
	ctx := context.Background()
	g0, err := s.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v := Volume(t, "frus1961-63v05.xml")
	mustPut(t, s, v, chancery.Added)
	g1, _ := s.Generation(ctx)
	if g1 == g0 {
		t.Error("generation unchanged by a put")
	}
	mustPut(t, s, Volume(t, "frus1961-63v05.xml"), chancery.Unchanged)
	if g2, _ := s.Generation(ctx); g2 != g1 {
		t.Error("generation changed by an unchanged put")
	}
	tests := []struct {
		id   string
		want chancery.Location
	}{
		{"d253", chancery.Location{Kind: chancery.LocDocument, Document: "d253"}},
		{"d253fn2", chancery.Location{Kind: chancery.LocNote, Document: "d253"}},
		{"pg_534", chancery.Location{Kind: chancery.LocPage, Document: "d253"}},
		{"pg_III", chancery.Location{Kind: chancery.LocPage}},
	}
	for _, tt := range tests {
		got, err := s.Locate(ctx, v.Volume.ID, tt.id)
		if err != nil || got != tt.want {
			t.Errorf("Locate(%s) = %+v, %v; want %+v", tt.id, got, err, tt.want)
		}
	}
	if _, err := s.Locate(ctx, v.Volume.ID, "d999"); !errors.Is(err, chancery.ErrNotFound) {
		t.Errorf("Locate(d999): %v, want ErrNotFound", err)
	}
}

// TestVolumes are the repository's hand-written test volumes.
var TestVolumes = []string{"frus1961-63v05.xml", "frus1866p1.xml", "frus1895Supp.xml"}

// PutTestVolumes stores the test volumes in s.
func PutTestVolumes(t testing.TB, s chancery.Store) {
	t.Helper()
	for _, n := range TestVolumes {
		if _, err := s.PutVolume(context.Background(), Volume(t, n)); err != nil {
			t.Fatal(err)
		}
	}
}
