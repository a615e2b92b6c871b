package storetest

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/search"
)

// Judgement is one query of the judged set with the documents a historian
// expects, best first.
type Judgement struct {
	ID       string   `json:"id"`
	Query    string   `json:"query"`
	Kind     string   `json:"kind"`
	From     string   `json:"from,omitempty"`
	To       string   `json:"to,omitempty"`
	Volume   string   `json:"volume,omitempty"`
	Relevant []string `json:"relevant"`
	Why      string   `json:"why"`
}

// Judgements reads the judged set in testdata/judged/queries.json.
func Judgements(t testing.TB) []Judgement {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata(), "judged", "queries.json"))
	if err != nil {
		t.Fatal(err)
	}
	var js []Judgement
	if err := json.Unmarshal(data, &js); err != nil {
		t.Fatalf("queries.json: %v", err)
	}
	return js
}

// Quality is how well a store answers the judged set.
type Quality struct {
	MRR      float64 // mean reciprocal rank of the first relevant hit in the top 10
	NDCG     float64 // mean nDCG@10, binary relevance
	Queries  int
	KnownOK  int // known-item queries answered with the document first
	KnownAll int
	Failures []string // queries whose first relevant hit is not in the top 10
}

// Judge runs every judged query against a store holding the shared corpus
// and scores the answers.
func Judge(t testing.TB, s chancery.Store) Quality {
	t.Helper()
	var q Quality
	for _, j := range Judgements(t) {
		p := search.Params{Query: j.Query, From: j.From, To: j.To, Limit: 10}
		if j.Volume != "" {
			p.Volumes = []string{j.Volume}
		}
		req, err := p.Request()
		if err != nil {
			t.Errorf("%s %q: %v", j.ID, j.Query, err)
			continue
		}
		res, err := s.Search(context.Background(), req)
		if err != nil {
			t.Errorf("%s %q: %v", j.ID, j.Query, err)
			continue
		}
		relevant := map[string]bool{}
		for _, r := range j.Relevant {
			relevant[r] = true
		}
		var rr, dcg, idcg float64
		for i, h := range res.Hits {
			if relevant[h.Volume+"/"+h.Document] {
				if rr == 0 {
					rr = 1 / float64(i+1)
				}
				dcg += 1 / math.Log2(float64(i+2))
			}
		}
		for i := 0; i < len(j.Relevant) && i < 10; i++ {
			idcg += 1 / math.Log2(float64(i+2))
		}
		q.Queries++
		q.MRR += rr
		if idcg > 0 {
			q.NDCG += dcg / idcg
		}
		if rr == 0 {
			q.Failures = append(q.Failures, j.ID+" "+j.Query)
		}
		if j.Kind == "known-item" {
			q.KnownAll++
			if rr == 1 {
				q.KnownOK++
			} else {
				t.Errorf("known item %s %q: %s not first (reciprocal rank %.2f)", j.ID, j.Query, j.Relevant[0], rr)
			}
		}
	}
	if q.Queries > 0 {
		q.MRR /= float64(q.Queries)
		q.NDCG /= float64(q.Queries)
	}
	return q
}
