package postgres

import (
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
)

// benchDB opens the database named by CHANCERY_BENCH_POSTGRES, closed
// when the benchmark ends, or skips the benchmark.
func benchDB(b *testing.B) *DB {
	dsn := os.Getenv("CHANCERY_BENCH_POSTGRES")
	if dsn == "" {
		b.Skip("set CHANCERY_BENCH_POSTGRES to a database with a corpus")
	}
	db, err := Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkSearchCold times first searches (no cached results or match
// lists) on the database named by CHANCERY_BENCH_POSTGRES, e.g. the
// full-scale corpus:
//
//	CHANCERY_BENCH_POSTGRES=postgres://…/scale go test -run X -bench SearchCold ./postgres
func BenchmarkSearchCold(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	db.SetCaching(false)
	if err := db.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	for _, text := range []string{"government", `"secretary of state"`, `"united states"`, "Ethiopia"} {
		b.Run(text, func(b *testing.B) {
			q, err := query.Parse(text)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				if _, err := db.Search(ctx, &chancery.SearchRequest{Query: q, Limit: 10, Facets: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadCorpus times reading the vocabulary and the documents'
// metadata, which a node does on its first search after a change.
func BenchmarkLoadCorpus(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	for i := 0; i < b.N; i++ {
		if _, err := (source{db}).LoadCorpus(ctx); err != nil {
			b.Fatal(err)
		}
	}
	// The memory a node holds for it.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c, err := (source{db}).LoadCorpus(ctx)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MB-held")
	runtime.KeepAlive(c)
}
