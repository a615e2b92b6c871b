package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/chancery-frus/chancery"
)

// testDatasets: a load of a reference dataset is stored whole and read
// back as it was; a later load replaces it; the other datasets stay.
func testDatasets(t *testing.T, s chancery.Store) {
	ctx := context.Background()
	if _, err := s.LoadDataset(ctx, chancery.DatasetPOCOM); !errors.Is(err, chancery.ErrNotFound) {
		t.Fatalf("LoadDataset of a dataset never loaded: %v, want ErrNotFound", err)
	}
	if infos, err := s.DatasetInfos(ctx); err != nil || len(infos) != 0 {
		t.Fatalf("DatasetInfos of an empty store = %+v, %v", infos, err)
	}
	pocom := &chancery.Dataset{Name: chancery.DatasetPOCOM, Source: "pocom.tar.gz", Loaded: "2026-12-07T10:00:00Z",
		Warnings:  []chancery.Warning{{File: "pocom.tar.gz:people/x.xml", Line: 3, Kind: "malformed-record", Message: "XML syntax error"}},
		Officials: []chancery.Official{{ID: "rusk-david-dean", Surname: "Rusk", Forename: "David Dean", AltName: "Dean Rusk", Birth: "1909", Death: "1994"}},
		Positions: []chancery.Position{{ID: "secretary", Kind: chancery.PositionPrincipal, Name: "Secretary of State", Plural: "Secretaries of State"}},
		Tenures:   []chancery.Tenure{{ID: "secr-1961-rusk", Person: "rusk-david-dean", Position: "secretary", Role: "secretary", Appointed: "1961-01-21", Started: "1961-01-21", Ended: "1969-01-20"}},
	}
	travels := &chancery.Dataset{Name: chancery.DatasetTravels, Source: "travels.tar.gz", Loaded: "2026-12-07T10:00:01Z",
		Presidents: []chancery.Presidency{{ID: "kennedy-john-f", Name: "John F. Kennedy", Took: "1961-01-20", Left: "1963-11-22"}}}
	for _, d := range []*chancery.Dataset{travels, pocom} {
		if err := s.PutDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.LoadDataset(ctx, chancery.DatasetPOCOM)
	if err != nil || !reflect.DeepEqual(got, pocom) {
		t.Fatalf("LoadDataset = %+v, %v; want %+v", got, err, pocom)
	}
	infos, err := s.DatasetInfos(ctx)
	if err != nil || len(infos) != 2 || infos[0].Name != chancery.DatasetPOCOM || infos[1].Name != chancery.DatasetTravels ||
		infos[0].Counts != (chancery.DatasetCounts{Officials: 1, Positions: 1, Tenures: 1}) || infos[0].Warnings != 1 || infos[0].Source != "pocom.tar.gz" {
		t.Fatalf("DatasetInfos = %+v, %v", infos, err)
	}
	// A new load replaces the old whole.
	newer := &chancery.Dataset{Name: chancery.DatasetPOCOM, Source: "https://example.org/pocom.tar.gz", Loaded: "2026-12-08T10:00:00Z",
		Officials: []chancery.Official{{ID: "herter-christian-archibald", Surname: "Herter"}}}
	if err := s.PutDataset(ctx, newer); err != nil {
		t.Fatal(err)
	}
	if got, err := s.LoadDataset(ctx, chancery.DatasetPOCOM); err != nil || !reflect.DeepEqual(got, newer) {
		t.Fatalf("after a new load: %+v, %v", got, err)
	}
	if got, err := s.LoadDataset(ctx, chancery.DatasetTravels); err != nil || !reflect.DeepEqual(got, travels) {
		t.Fatalf("another dataset after a new load: %+v, %v", got, err)
	}
	// A cancelled put changes nothing.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.PutDataset(cancelled, pocom); err == nil {
		t.Fatal("a cancelled PutDataset succeeded")
	}
	if got, err := s.LoadDataset(ctx, chancery.DatasetPOCOM); err != nil || !reflect.DeepEqual(got, newer) {
		t.Fatalf("after a cancelled put: %+v, %v", got, err)
	}
}

// testPeople: the persons of a volume's documents are stored with it,
// replaced whole by PutPeople, read by person in date order, and removed
// with the volume.
func testPeople(t *testing.T, s chancery.Store) {
	ctx := context.Background()
	v := Volume(t, "frus1961-63v05.xml")
	rusk := func(doc string, ordinal int, date, kind string) chancery.DocumentPerson {
		return chancery.DocumentPerson{Volume: v.Volume.ID, Document: doc, Ordinal: ordinal, Title: "Memorandum of Conversation", Date: date, Kind: kind,
			Person: "rusk-david-dean", Name: "Dean Rusk", How: "office", Text: "The Secretary", Evidence: "POCOM"}
	}
	v.People = []chancery.DocumentPerson{rusk("d254", 2, "1962-10-19", "from"), rusk("d253", 1, "1962-10-18", "participant"), rusk("d255", 3, "", "to"),
		{Volume: v.Volume.ID, Document: "d253", Ordinal: 1, Title: "Memorandum of Conversation", Date: "1962-10-18", Kind: "participant", Person: "105400", Name: "Gromyko", How: "registry", Text: "Foreign Minister Gromyko"}}
	mustPut(t, s, v, chancery.Added)
	got, err := s.PersonDocuments(ctx, "rusk-david-dean")
	if err != nil || len(got) != 3 || got[0].Document != "d253" || got[1].Document != "d254" || got[2].Document != "d255" || !reflect.DeepEqual(got[0], v.People[1]) {
		t.Fatalf("PersonDocuments = %+v, %v; want d253, d254, then the undated d255", got, err)
	}
	// The search language's filters of the persons of the documents.
	for _, tt := range []struct{ q, want string }{
		{"from:rusk-david-dean", "frus1961-63v05/d254"},
		{"to:rusk-david-dean", "frus1961-63v05/d255"},
		{"with:105400", "frus1961-63v05/d253"},
		{"Gromyko with:rusk-david-dean", "frus1961-63v05/d253"},
		{"with:rusk-david-dean from:rusk-david-dean", ""},
		{"from:nobody-at-all", ""},
	} {
		res := find(t, s, tt.q, nil)
		if got := sortedIDs(res); got != tt.want || res.Total != len(res.Hits) {
			t.Errorf("search %q: %s (total %d), want %s", tt.q, got, res.Total, tt.want)
		}
	}
	if co, err := s.CoParticipants(ctx, "105400"); err != nil || len(co) != 2 || co[0].Person == co[1].Person {
		t.Errorf("CoParticipants(Gromyko) = %+v, %v; want him and Rusk in d253", co, err)
	}
	if err := s.PutPeople(ctx, v.Volume.ID, v.People[3:]); err != nil {
		t.Fatal(err)
	}
	if got, err := s.PersonDocuments(ctx, "rusk-david-dean"); err != nil || len(got) != 0 {
		t.Errorf("after PutPeople without him: %+v, %v", got, err)
	}
	if got, err := s.PersonDocuments(ctx, "105400"); err != nil || len(got) != 1 {
		t.Errorf("PersonDocuments(Gromyko) = %+v, %v", got, err)
	}
	if err := s.PutPeople(ctx, "frus1999v99", v.People); !errors.Is(err, chancery.ErrNotFound) {
		t.Errorf("PutPeople of a volume not stored: %v, want ErrNotFound", err)
	}
	if err := s.DeleteVolume(ctx, v.Volume.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := s.PersonDocuments(ctx, "105400"); err != nil || len(got) != 0 {
		t.Errorf("after the volume was removed: %+v, %v", got, err)
	}
}
