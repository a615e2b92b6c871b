package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/storetest"
)

// BenchmarkPersonPage measures a person's page listing 1,000 documents
// (the goal: under 20 ms), beside a document page of the same store (the
// baseline), and /api/v1/offices.
func BenchmarkPersonPage(b *testing.B) {
	db := testdb.Open(b)
	v := storetest.Volume(b, "frus1961-63v05.xml")
	for i := range 1000 {
		kind := []string{"from", "to", "participant", "mention"}[i%4]
		v.People = append(v.People, chancery.DocumentPerson{Volume: v.Volume.ID, Document: fmt.Sprintf("d%d", i+1), Ordinal: i + 1,
			Title: "Memorandum of Conversation, Washington, the Secretary's Office", Date: fmt.Sprintf("%d-%02d-%02d", 1961+i/400, 1+i/40%12, 1+i%28),
			Kind: kind, Person: "rusk-david-dean", Name: "Dean Rusk", How: "office", Text: "The Secretary", Evidence: "inferred by Chancery"})
	}
	if _, err := db.PutVolume(context.Background(), v); err != nil {
		b.Fatal(err)
	}
	s, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	putPeople(b, s)
	get := func(b *testing.B, path string) int {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatalf("%s: %d", path, rec.Code)
		}
		return rec.Body.Len()
	}
	get(b, "/people/rusk-david-dean")
	b.Run("person-1000-documents", func(b *testing.B) {
		for b.Loop() {
			get(b, "/people/rusk-david-dean")
		}
	})
	b.Run("document-baseline", func(b *testing.B) {
		for b.Loop() {
			get(b, "/historicaldocuments/frus1961-63v05/d253")
		}
	})
	b.Run("offices-api", func(b *testing.B) {
		for b.Loop() {
			get(b, "/api/v1/offices?position=secretary&date=1962-10-18")
		}
	})
}
