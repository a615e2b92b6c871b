package chancery

import (
	"context"
	"time"

	"github.com/chancery-frus/chancery/query"
)

// Sort orders for search results.
const (
	SortRelevance = "relevance"
	SortDateAsc   = "date-asc"
	SortDateDesc  = "date-desc"
)

// Kinds of document, for filtering.
const (
	KindHistorical = "historical" // a historical document
	KindEditorial  = "editorial"  // an editorial note
)

// SearchRequest is a search: a parsed query, filters, an order and a page.
type SearchRequest struct {
	// Query is the words to look for. An empty query (nil, or one without
	// a tree: Query.Empty) lists every document the filters keep, in date
	// order: oldest first unless Sort is SortDateDesc, since there is no
	// relevance without words.
	Query *query.Query
	// Volumes, when not empty, limits the search to these volumes.
	Volumes []string
	// From and To, when not zero, limit the search to documents whose date
	// interval lies within [From, To]: a document dated "October 1962"
	// matches From 1962-10-01 To 1962-10-31, one dated "1962" does not.
	// Undated documents never match a date filter.
	From, To time.Time
	// Kind is "", KindHistorical or KindEditorial.
	Kind string
	// Types, when not empty, limits the search to these document types.
	Types []string
	// Sort is SortRelevance (the default), SortDateAsc or SortDateDesc.
	Sort string
	// Offset and Limit select the page of hits: hits Offset+1 to
	// Offset+Limit.
	Offset, Limit int
	// Facets asks for the facet counts of all matching documents.
	Facets bool
}

// SearchResult is a page of hits, the total, and the facets.
type SearchResult struct {
	Total  int     `json:"total"`
	Hits   []Hit   `json:"hits"`
	Facets *Facets `json:"facets,omitempty"`
}

// Hit is one matching document.
type Hit struct {
	Volume      string    `json:"volume"`
	Document    string    `json:"document"`
	N           string    `json:"n,omitempty"`
	Title       string    `json:"title"`
	Type        string    `json:"type"`
	Subtype     string    `json:"subtype,omitempty"`
	Date        *Interval `json:"date,omitempty"`
	VolumeTitle string    `json:"volumeTitle,omitempty"`
	// Snippet is a passage around the matches, cut at word boundaries,
	// split into parts that match the query and parts that do not.
	Snippet []SnippetPart `json:"snippet"`
	// Score is the relevance (BM25, higher is better); 0 in date order.
	Score float64 `json:"score"`
}

// SnippetPart is a run of a snippet's text.
type SnippetPart struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// Facets counts the matching documents by volume, decade, year, type and
// the persons they mention most.
type Facets struct {
	Volumes []FacetCount `json:"volumes"`
	Decades []FacetCount `json:"decades"`
	Years   []FacetCount `json:"years"`
	Types   []FacetCount `json:"types"`
	Persons []FacetCount `json:"persons"`
}

// FacetCount is one value of a facet and how many matching documents have
// it.
type FacetCount struct {
	Value string `json:"value"`
	Label string `json:"label,omitempty"`
	Count int    `json:"count"`
}

// Searcher runs searches. Every Store is a Searcher.
type Searcher interface {
	Search(ctx context.Context, req *SearchRequest) (*SearchResult, error)
}
