package web

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/chancery-frus/chancery"
)

// addressRoutes registers the addresses of history.state.gov that are not
// a page of their own here: they redirect to the place they name.
func (s *Server) addressRoutes() {}

// idPage is /historicaldocuments/{vol}/{id}: a document (d253), a division
// (ch8, comp2) or front matter (persons, terms, preface), a page (pg_534,
// shown at its place in its document) or a footnote (d253fn3, likewise).
func (s *Server) idPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	volID, id := r.PathValue("vol"), r.PathValue("id")
	v, err := s.volume(ctx, volID)
	if errors.Is(err, chancery.ErrNotFound) {
		s.notFound(w, r, "There is no volume "+volID+" here.", nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if div, _ := findDivision(v.Structure, id); div != nil && !div.IsDocument() {
		// The division's prose is not cached: read the whole volume.
		full, err := s.fullVolume(ctx, volID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		div, path := findDivision(full.Structure, id)
		s.divisionPage(w, r, full, div, path)
		return
	}
	loc, err := s.store.Locate(ctx, v.ID, id)
	switch {
	case errors.Is(err, chancery.ErrNotFound):
		s.notFound(w, r, "Volume "+v.ID+" has no document, page or note "+id+".", suggestions(v, id))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	base := "/historicaldocuments/" + url.PathEscape(v.ID) + "/"
	switch loc.Kind {
	case chancery.LocDocument:
		s.documentPage(w, r, v, id)
	case chancery.LocNote, chancery.LocPage:
		target := base + url.PathEscape(loc.Document) + "#" + url.PathEscape(id)
		if loc.Document == "" {
			target = base[:len(base)-1]
		}
		http.Redirect(w, r, target, http.StatusFound)
	}
}

var docNumber = regexp.MustCompile(`^d(\d+)`)

// suggestions offers pages near an unknown id: the volume, and a search.
func suggestions(v *chancery.Volume, id string) []crumb {
	out := []crumb{{"/historicaldocuments/" + v.ID, "The table of contents of " + shortTitle(v)}}
	if m := docNumber.FindStringSubmatch(id); m != nil {
		for _, d := range documentOrder(v) {
			if d.N == m[1] || strings.HasPrefix(d.ID, "d"+m[1]) {
				out = append(out, crumb{"/historicaldocuments/" + v.ID + "/" + d.ID, "Document " + d.N + ": " + d.Head})
				break
			}
		}
	}
	return out
}

// notFound answers 404 with a page that helps find what was meant.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, msg string, sugg []crumb) {
	s.render(w, r, http.StatusNotFound, "notfound", struct {
		page
		Message     string
		Suggestions []crumb
	}{page{Title: "Not found"}, msg, sugg})
}
