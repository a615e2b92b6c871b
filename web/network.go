package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/network"
)

// networkLimit is the most persons a network shows.
const networkLimit = 24

// personNetwork is /people/{id}/network: the persons who took part in the
// memoranda a person took part in, as a picture and a table (and, under
// /api/v1, as JSON or CSV edges).
func (s *Server) personNetwork(w http.ResponseWriter, r *http.Request) {
	x, ok := s.identitiesOrAnswer(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	p, ok := x.Person(id)
	if !ok {
		s.notFound(w, r, "There is no person "+shortID(id)+" in the loaded datasets.", []crumb{{"/people", "Search the people"}})
		return
	}
	rows, err := s.store.CoParticipants(r.Context(), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	g := network.Of(rows, p.ID, networkLimit)
	if isAPI(r.URL.Path) {
		switch r.URL.Query().Get("format") {
		case "", "json":
			if g.Nodes == nil {
				g.Nodes, g.Edges = []network.Node{}, []network.Edge{}
			}
			writeJSON(w, http.StatusOK, g)
		case "csv":
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="`+p.ID+`-network.csv"`)
			if err := g.CSV(w); err != nil {
				s.log.Warn("write a network", "person", p.ID, "err", err)
			}
		default:
			s.fail(w, r, chancery.BadRequestf("format %.40q: give json or csv", r.URL.Query().Get("format")))
		}
		return
	}
	var svg bytes.Buffer
	if len(g.Edges) > 0 {
		if err := g.SVG(&svg, "Who met "+p.Name, func(id string) string { return "/people/" + url.PathEscape(id) + "/network" }); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	names := map[string]string{}
	for _, n := range g.Nodes {
		names[n.ID] = n.Name
	}
	type pair struct {
		A, B, HrefA, HrefB string
		Times              int
	}
	var pairs []pair
	for _, e := range g.Edges {
		pairs = append(pairs, pair{names[e.A], names[e.B], "/people/" + url.PathEscape(e.A), "/people/" + url.PathEscape(e.B), e.Times})
	}
	s.render(w, r, http.StatusOK, "network", struct {
		page
		Person       string
		PersonHref   string
		JSON, CSV    string
		Picture      template.HTML
		Pairs        []pair
		PersonsShown int
	}{page{Title: "Who met " + p.Name}, p.Name, "/people/" + url.PathEscape(p.ID), "/api/v1/people/" + url.PathEscape(p.ID) + "/network", "/api/v1/people/" + url.PathEscape(p.ID) + "/network?format=csv",
		template.HTML(svg.String()), pairs, len(g.Nodes)})
}
