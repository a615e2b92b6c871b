package web

import (
	"net/http"

	"github.com/chancery-frus/chancery"
)

// home is "/": what is here, a search box and the counts.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	list, err := s.volumes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var total chancery.VolumeStats
	for _, v := range list {
		total.Add(v)
	}
	s.render(w, r, http.StatusOK, "home", struct {
		page
		Stats struct{ Volumes, Documents, Notes, Pages int }
	}{
		page:  page{Title: "Foreign Relations of the United States"},
		Stats: struct{ Volumes, Documents, Notes, Pages int }{len(list), total.Documents, total.Notes, total.Pages},
	})
}
