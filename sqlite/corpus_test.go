package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/search"
	"github.com/chancery-frus/chancery/sqlite"
	"github.com/chancery-frus/chancery/storetest"
)

// corpusDB ingests the shared corpus of real volumes.
func corpusDB(t *testing.T) *sqlite.DB {
	t.Helper()
	if testing.Short() {
		t.Skip("corpus test skipped in -short mode")
	}
	dir := corpus.Dir(t)
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "corpus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	files, err := ingest.Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if s := ingest.Run(context.Background(), db, files, ingest.Options{}); !s.OK() {
		t.Fatalf("%d volumes failed", s.Failed)
	}
	return db
}

// TestCorpusSearch checks the search over the real corpus: the judged set
// of queries (testdata/judged) and a prefix search whose answer is known.
func TestCorpusSearch(t *testing.T) {
	db := corpusDB(t)
	t.Run("prefix", func(t *testing.T) {
		// 388 documents of the shared corpus hold a word beginning with
		// "arbitrat" (arbitration, arbitrator, arbitrate…).
		req, err := (&search.Params{Query: "arbitrat*"}).Request()
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Search(context.Background(), req)
		if err != nil {
			t.Fatalf("arbitrat*: %v", err)
		}
		if res.Total != 388 {
			t.Errorf("arbitrat*: %d documents; want 388", res.Total)
		}
	})
	t.Run("judged", func(t *testing.T) {
		q := storetest.Judge(t, db)
		t.Logf("%d judged queries: MRR %.3f, nDCG@10 %.3f, known items first %d of %d", q.Queries, q.MRR, q.NDCG, q.KnownOK, q.KnownAll)
		for _, f := range q.Failures {
			t.Logf("no relevant document in the top 10: %s", f)
		}
		if q.Queries < 40 {
			t.Errorf("only %d judged queries, want at least 40", q.Queries)
		}
		if q.MRR < minMRR || q.NDCG < minNDCG {
			t.Errorf("quality dropped: MRR %.3f (want ≥ %.2f), nDCG@10 %.3f (want ≥ %.2f)", q.MRR, minMRR, q.NDCG, minNDCG)
		}
	})
}

// The quality floor: a little under what the engine measured when the
// judged set was written: MRR 1.000, nDCG@10 0.996 (docs/performance.md).
const (
	minMRR  = 0.95
	minNDCG = 0.95
)
