package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/internal/testdb"
)

// BenchmarkCitations measures what the citation graph adds to the
// reader: a document page's "Cited by" (citedBy) and its citations made
// links (Citations and withFound), beside the whole page warm, for
// frus1918Russiav03's most cited document; and /api/v1/resolve, whose
// median (p50-µs) the goal is about.
func BenchmarkCitations(b *testing.B) {
	dir := corpus.Dir(b)
	db := testdb.Open(b)
	testdb.Ingest(b, db, filepath.Join(dir, "frus1918Russiav03.xml"), filepath.Join(dir, "frus1917Supp02v02.xml"))
	s, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	const vol, doc = "frus1918Russiav03", "d396"
	page := "/historicaldocuments/" + vol + "/" + doc
	get := func(b *testing.B, path string) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatalf("%s: %d", path, rec.Code)
		}
	}
	get(b, page)
	v, err := s.volume(ctx, vol)
	if err != nil {
		b.Fatal(err)
	}
	d, err := db.Document(ctx, vol, doc)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("page-d396-warm", func(b *testing.B) {
		for b.Loop() {
			get(b, page)
		}
	})
	b.Run("cited-by-d396", func(b *testing.B) {
		by, err := s.citedBy(ctx, v, d)
		if err != nil || by.Len() == 0 {
			b.Fatalf("cited by %d, %v", by.Len(), err)
		}
		b.ReportMetric(float64(by.Len()), "places")
		for b.Loop() {
			if _, err := s.citedBy(ctx, v, d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("found-links-d396", func(b *testing.B) {
		for b.Loop() {
			cs, err := db.Citations(ctx, vol, doc)
			if err != nil {
				b.Fatal(err)
			}
			withFound(d, cs)
		}
	})
	b.Run("api-resolve", func(b *testing.B) {
		path := "/api/v1/resolve?cite=" + url.QueryEscape("Foreign Relations, 1918, Russia, vol. III, pp. 67–68; ibid., p. 290")
		var took []time.Duration
		for b.Loop() {
			start := time.Now()
			get(b, path)
			took = append(took, time.Since(start))
		}
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	})
}
