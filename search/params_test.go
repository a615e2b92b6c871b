package search

import (
	"errors"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
)

// TestRequestWithoutWords: filters alone are a search, listed oldest first
// unless another date order is asked for; no words and no filters is no
// search.
func TestRequestWithoutWords(t *testing.T) {
	tests := []struct {
		name string
		p    Params
		sort string // the request's order; "" for an error
		err  string
	}{
		{"dates", Params{From: "1919", To: "1919"}, chancery.SortDateAsc, ""},
		{"volume", Params{Volumes: []string{"frus1961-63v05"}}, chancery.SortDateAsc, ""},
		{"type", Params{Types: []string{"telegram"}}, chancery.SortDateAsc, ""},
		{"kind", Params{Kind: chancery.KindEditorial}, chancery.SortDateAsc, ""},
		{"relevance asked for", Params{From: "1919", Sort: chancery.SortRelevance}, chancery.SortDateAsc, ""},
		{"newest first", Params{To: "1919", Sort: chancery.SortDateDesc}, chancery.SortDateDesc, ""},
		{"blank words", Params{Query: "  ", From: "1919"}, chancery.SortDateAsc, ""},
		{"words", Params{Query: "Gromyko", From: "1919"}, chancery.SortRelevance, ""},
		{"nothing", Params{}, "", "no query"},
		{"blank form", Params{Query: " ", Volumes: []string{""}, Types: []string{"", " "}, Sort: chancery.SortRelevance}, "", "no query"},
		{"bad date", Params{From: "October"}, "", "start date"},
		{"bad type", Params{Types: []string{"poem"}}, "", "the types are"},
	}
	for _, tt := range tests {
		req, err := tt.p.Request()
		if tt.err != "" {
			var se *Error
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if req.Sort != tt.sort {
			t.Errorf("%s: sort %q, want %q", tt.name, req.Sort, tt.sort)
		}
		if words := strings.TrimSpace(tt.p.Query) != ""; req.Query == nil || req.Query.Empty() == words {
			t.Errorf("%s: query %+v, want words: %v", tt.name, req.Query, words)
		}
	}
}
