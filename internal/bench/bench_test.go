package bench_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/internal/bench"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/sqlite"
)

// BenchmarkSearch runs the built-in benchmark queries over the shared
// corpus, as a reader gets them: 10 hits with snippets, total and facets.
// `chancery bench search` gives percentiles and the baseline.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	db, parsed := corpusQueries(b)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := db.Search(ctx, &chancery.SearchRequest{Query: parsed[i%len(parsed)], Limit: 10, Facets: true}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkSearchParallel is BenchmarkSearch with a worker per core.
func BenchmarkSearchParallel(b *testing.B) {
	ctx := context.Background()
	db, parsed := corpusQueries(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := db.Search(ctx, &chancery.SearchRequest{Query: parsed[i%len(parsed)], Limit: 10, Facets: true}); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// corpusQueries ingests the shared corpus and parses the benchmark queries.
func corpusQueries(b *testing.B) (*sqlite.DB, []*query.Query) {
	ctx := context.Background()
	files, err := ingest.Files([]string{corpus.Dir(b)})
	if err != nil {
		b.Fatal(err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetCaching(false) // search itself, not its caches
	if s := ingest.Run(ctx, db, files, ingest.Options{}); !s.OK() {
		b.Fatal("ingest failed")
	}
	qs, err := bench.Queries("")
	if err != nil {
		b.Fatal(err)
	}
	var parsed []*query.Query
	for _, q := range qs {
		pq, err := query.Parse(q)
		if err != nil {
			b.Fatal(err)
		}
		parsed = append(parsed, pq)
	}
	return db, parsed
}

// BenchmarkSearchParallel is BenchmarkSearch with a worker per core.
