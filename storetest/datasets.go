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
