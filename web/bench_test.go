package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/web"
)

// benchStore holds the real volumes of the reader's benchmarks.
func benchStore(b *testing.B) chancery.Store {
	b.Helper()
	dir := corpus.Dir(b)
	db := testdb.Open(b)
	var files []string
	for _, f := range []string{"frus1870.xml", "frus1918Russiav03.xml", "frus1919Parisv11.xml", "frus1872p2v5.xml", "frus1872p2v4.xml"} {
		files = append(files, filepath.Join(dir, f))
	}
	testdb.Ingest(b, db, files...)
	return db
}

func newHandler(b *testing.B, db chancery.Store) http.Handler {
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	return h
}

func serve(b *testing.B, h http.Handler, path string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	if rec.Code != 200 {
		b.Fatalf("%s: status %d", path, rec.Code)
	}
	return rec.Body.Len()
}

// BenchmarkPages measures the reader's pages in process, without the
// network: document pages, and the largest division pages of the real
// volumes, warm (viewed before), first (a new server with the volume's
// outline in memory, as serve loads every volume's at start) and cold (a
// new server, whose caches are empty). The baselines read the same records
// from the store and render nothing.
func BenchmarkPages(b *testing.B) {
	db := benchStore(b)
	ctx := context.Background()
	pages := []struct{ name, path string }{
		{"document-d87", "/historicaldocuments/frus1918Russiav03/d87"},
		{"document-d69", "/historicaldocuments/frus1872p2v5/d69"},
		{"division-comp1", "/historicaldocuments/frus1919Parisv11/comp1"},
		{"division-ch5", "/historicaldocuments/frus1870/ch5"},
		{"division-index-part1", "/historicaldocuments/frus1919Parisv11/index"},
		{"division-ch38-part4", "/historicaldocuments/frus1872p2v4/ch38?part=4"},
	}
	for _, p := range pages {
		b.Run(p.name+"/warm", func(b *testing.B) {
			h := newHandler(b, db)
			size := serve(b, h, p.path)
			b.ReportMetric(float64(size), "bytes/page")
			for b.Loop() {
				serve(b, h, p.path)
			}
		})
		b.Run(p.name+"/cold", func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				h := newHandler(b, db)
				b.StartTimer()
				serve(b, h, p.path)
			}
		})
		b.Run(p.name+"/first", func(b *testing.B) {
			// As after serve's start: the volume's outline in memory,
			// nothing else.
			vol := strings.Split(p.path, "/")[2]
			for b.Loop() {
				b.StopTimer()
				h := newHandler(b, db)
				serve(b, h, "/historicaldocuments/"+vol)
				b.StartTimer()
				serve(b, h, p.path)
			}
		})
	}
	b.Run("baseline-read-document-d87", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.Document(ctx, "frus1918Russiav03", "d87"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-read-volume-frus1919Parisv11", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.Volume(ctx, "frus1919Parisv11"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
