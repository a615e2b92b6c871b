package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

// highlighter is a store that tells which words a query marks in the
// documents it finds, expanded by its vocabulary as its snippets are
// (both stores are).
type highlighter interface {
	Highlight(ctx context.Context, q *query.Query) (*search.Highlight, error)
}

// hitHighlight returns the words to mark in a document reached from a
// search, whose hit links carry the query (?q=Gromyko): nil when the
// request has no q, when q has no words to look for, or when the store
// cannot tell. A q that cannot be parsed marks its plain words, as the
// search page searched for them (query.PlainQuery). Stems, prefixes and
// phrases are expanded as in the search's snippets: ?q=treaties marks
// "treaty", ?q=negotiat* "negotiations", ?q="test ban" the two words only
// where they stand together. Highlight.MatchRanges finds them in a text.
func (s *Server) hitHighlight(r *http.Request) *search.Highlight {
	text := r.URL.Query().Get("q")
	if strings.TrimSpace(text) == "" {
		return nil
	}
	hs, ok := s.store.(highlighter)
	if !ok {
		return nil
	}
	q, err := query.Parse(text)
	if err != nil {
		plain := query.PlainQuery(text)
		if plain == "" {
			return nil
		}
		if q, err = query.Parse(plain); err != nil {
			return nil
		}
	}
	h, err := hs.Highlight(r.Context(), q)
	if err != nil {
		s.log.Warn("highlight", "query", text, "err", err)
		return nil
	}
	if h.Empty() {
		return nil
	}
	return h
}
