package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

// searchResponse is the JSON answer of /api/v1/search.
type searchResponse struct {
	Query   string           `json:"query"`
	Total   int              `json:"total"`
	Start   int              `json:"start"`
	PerPage int              `json:"perPage"`
	Hits    []searchHit      `json:"hits"`
	Facets  *chancery.Facets `json:"facets,omitempty"`
}

type searchHit struct {
	chancery.Hit
	URL string `json:"url"`
}

// searchParams reads history.state.gov's search parameters — q,
// volume-id, start-date, end-date, sort-by, start, per-page — and
// Chancery's own: type, kind and facets.
func searchParams(r *http.Request) (*search.Params, error) {
	v := r.URL.Query()
	p := &search.Params{
		Query:   v.Get("q"),
		Volumes: v["volume-id"],
		From:    v.Get("start-date"),
		To:      v.Get("end-date"),
		Sort:    v.Get("sort-by"),
		Types:   v["type"],
		Kind:    v.Get("kind"),
		Limit:   search.DefaultLimit,
		Facets:  v.Get("facets") != "false",
	}
	if s := v.Get("per-page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, &search.Error{Msg: "per-page " + strconv.Quote(s) + ": give a number of hits, 1 to 1000"}
		}
		p.Limit = n
	}
	if s := v.Get("start"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return nil, &search.Error{Msg: "start " + strconv.Quote(s) + ": give the number of the first hit, from 1"}
		}
		p.Offset = n - 1
	}
	return p, nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	p, err := searchParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req, err := p.Request()
	var qe *query.Error
	if errors.As(err, &qe) {
		// The plain words of a query that cannot be parsed, as the search
		// page searches for them instead.
		err = &suggestingError{err, query.PlainQuery(p.Query)}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.runSearch(w, r, p, req)
}

func (s *Server) runSearch(w http.ResponseWriter, r *http.Request, p *search.Params, req *chancery.SearchRequest) {
	res, err := s.search(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := searchResponse{Query: p.Query, Total: res.Total, Start: req.Offset + 1, PerPage: req.Limit, Facets: res.Facets, Hits: []searchHit{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, searchHit{Hit: h, URL: "/historicaldocuments/" + h.Volume + "/" + h.Document})
	}
	writeJSON(w, http.StatusOK, out)
}
