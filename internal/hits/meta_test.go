package hits

import (
	"fmt"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
)

// TestBrowse: a search without words finds every known document its
// filters keep.
func TestBrowse(t *testing.T) {
	m := NewMeta(6)
	day := func(s string) *chancery.Interval {
		d, _ := time.Parse("2006-01-02", s)
		return &chancery.Interval{Min: d, Max: d.Add(24*time.Hour - time.Second)}
	}
	m.SetDocument(1, "frus1919", chancery.TypeTelegram, 1919, day("1919-01-02"))
	m.SetDocument(2, "frus1919", chancery.TypeEditorialNote, 1919, day("1919-06-01"))
	m.SetDocument(3, "frus1920", chancery.TypeTelegram, 1920, day("1920-01-01"))
	m.SetDocument(5, "frus1920", chancery.TypeLetter, 0, nil) // row 4 is no document
	m.Done()
	year := func(y int) (time.Time, time.Time) {
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Second)
	}
	from, to := year(1919)
	tests := []struct {
		name string
		req  chancery.SearchRequest
		want string
	}{
		{"everything", chancery.SearchRequest{}, "[1 2 3 5]"},
		{"a year", chancery.SearchRequest{From: from, To: to}, "[1 2]"},
		{"from a year", chancery.SearchRequest{From: from}, "[1 2 3]"},
		{"a volume", chancery.SearchRequest{Volumes: []string{"frus1920"}}, "[3 5]"},
		{"a type", chancery.SearchRequest{Types: []string{chancery.TypeTelegram}}, "[1 3]"},
		{"historical", chancery.SearchRequest{Kind: chancery.KindHistorical, From: from, To: to}, "[1]"},
		{"none", chancery.SearchRequest{Volumes: []string{"frus1999"}}, "[]"},
	}
	for _, tt := range tests {
		var rows []int64
		for _, s := range m.Browse(&tt.req) {
			rows = append(rows, s.Row)
		}
		if got := fmt.Sprint(rows); got != tt.want {
			t.Errorf("%s: Browse = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestRanked(t *testing.T) {
	q, _ := query.Parse("Cuba")
	tests := []struct {
		req  chancery.SearchRequest
		want bool
	}{
		{chancery.SearchRequest{Query: q}, true},
		{chancery.SearchRequest{Query: q, Sort: chancery.SortRelevance}, true},
		{chancery.SearchRequest{Query: q, Sort: chancery.SortDateAsc}, false},
		{chancery.SearchRequest{}, false},
		{chancery.SearchRequest{Query: &query.Query{}, Sort: chancery.SortRelevance}, false},
	}
	for _, tt := range tests {
		if got := Ranked(&tt.req); got != tt.want {
			t.Errorf("Ranked(%+v) = %v, want %v", tt.req, got, tt.want)
		}
	}
}
