package web

import (
	"embed"
	"net/http"

	"github.com/chancery-frus/chancery"
)

//go:embed openapi.json
var openapiFS embed.FS

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	b, _ := openapiFS.ReadFile("openapi.json")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}

// apiVolumes lists the stored volumes with their counts.
func (s *Server) apiVolumes(w http.ResponseWriter, r *http.Request) {
	list, err := s.volumes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []chancery.VolumeStats{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"volumes": list})
}

// apiVolume is one volume's record: titles, editors, structure with the
// divisions' prose, persons, terms and pages.
func (s *Server) apiVolume(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.apiLoadVolume(w, r); !ok {
		return
	}
	v, err := s.fullVolume(r.Context(), r.PathValue("vol"))
	if err != nil {
		s.fail(w, r, notFoundAs(err, "no volume "+r.PathValue("vol"), nil))
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// tocEntry is a division in the table of contents, without its prose.
type tocEntry struct {
	ID       string     `json:"id"`
	Type     string     `json:"type"`
	Subtype  string     `json:"subtype,omitempty"`
	N        string     `json:"n,omitempty"`
	Part     string     `json:"part"`
	Head     string     `json:"head,omitempty"`
	URL      string     `json:"url"`
	Children []tocEntry `json:"children,omitempty"`
}

func tocEntries(vol string, divs []chancery.Division) []tocEntry {
	out := []tocEntry{}
	for _, d := range divs {
		out = append(out, tocEntry{ID: d.ID, Type: d.Type, Subtype: d.Subtype, N: d.N, Part: d.Part, Head: d.Head,
			URL: "/historicaldocuments/" + vol + "/" + d.ID, Children: tocEntries(vol, d.Children)})
	}
	return out
}

func (s *Server) apiTOC(w http.ResponseWriter, r *http.Request) {
	if v, ok := s.apiLoadVolume(w, r); ok {
		writeJSON(w, http.StatusOK, map[string]any{"volume": v.ID, "toc": tocEntries(v.ID, v.Structure)})
	}
}

func (s *Server) apiPersons(w http.ResponseWriter, r *http.Request) {
	if v, ok := s.apiLoadVolume(w, r); ok {
		list := v.Persons
		if list == nil {
			list = []chancery.Person{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"volume": v.ID, "persons": list})
	}
}

func (s *Server) apiTerms(w http.ResponseWriter, r *http.Request) {
	if v, ok := s.apiLoadVolume(w, r); ok {
		list := v.Terms
		if list == nil {
			list = []chancery.Term{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"volume": v.ID, "terms": list})
	}
}

// apiDocument is one document's full record.
func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) {
	vol, id := r.PathValue("vol"), r.PathValue("id")
	d, err := s.store.Document(r.Context(), vol, id)
	if err != nil {
		s.fail(w, r, notFoundAs(err, "no document "+id+" in volume "+vol, nil))
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiLoadVolume(w http.ResponseWriter, r *http.Request) (*chancery.Volume, bool) {
	vol := r.PathValue("vol")
	v, err := s.volume(r.Context(), vol)
	if err != nil {
		s.fail(w, r, notFoundAs(err, "no volume "+vol, nil))
		return nil, false
	}
	return v, true
}
