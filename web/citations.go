package web

import (
	"net/http"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/graph"
	"github.com/chancery-frus/chancery/linkcheck"
)

// citationsResponse is the JSON answer of /api/v1/citations.
type citationsResponse struct {
	Volume    string       `json:"volume"`
	Document  string       `json:"document,omitempty"`
	Citations []graph.Edge `json:"citations"`
}

// apiCitations is /api/v1/citations?volume=…[&document=…]: the edges of
// the citation graph from a volume (or one of its documents), each with
// what it leads to and how a reader meets it.
func (s *Server) apiCitations(w http.ResponseWriter, r *http.Request) {
	vol, doc := r.URL.Query().Get("volume"), r.URL.Query().Get("document")
	if vol == "" {
		s.fail(w, r, &chancery.BadRequestError{Msg: "give a volume, as volume=frus1961-63v05 (and perhaps a document, as document=d253); the whole graph is at /api/v1/citations/export"})
		return
	}
	if _, err := s.volume(r.Context(), vol); err != nil {
		s.fail(w, r, volumeMissing(err, vol))
		return
	}
	cs, err := s.store.Citations(r.Context(), vol, doc)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := citationsResponse{Volume: vol, Document: doc, Citations: make([]graph.Edge, len(cs))}
	for i, c := range cs {
		out.Citations[i] = graph.NewEdge(c, s.known)
	}
	writeJSON(w, http.StatusOK, out)
}

// exportWrite is how long an export of the whole graph may take to send.
const exportWrite = 15 * time.Minute

// apiCitationsExport is /api/v1/citations/export?format=csv|jsonl: every
// citation stored, as a file.
func (s *Server) apiCitationsExport(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	switch format {
	case graph.FormatCSV:
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	case "", graph.FormatJSONL:
		format = graph.FormatJSONL
		w.Header().Set("Content-Type", "application/jsonl; charset=utf-8")
	default:
		s.fail(w, r, chancery.BadRequestf("format %q: give csv or jsonl", format))
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="chancery-citations.`+format+`"`)
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(exportWrite))
	if err := graph.Export(r.Context(), s.store, w, format, s.known); err != nil {
		// The status is sent: the file ends short, and the log says why.
		s.log.Warn("export the citations", "err", err)
	}
}

// apiLinks is /api/v1/links[?volume=…]: the link report of chancery
// check, for one volume or all.
func (s *Server) apiLinks(w http.ResponseWriter, r *http.Request) {
	var vols []string
	if v := r.URL.Query().Get("volume"); v != "" {
		if _, err := s.volume(r.Context(), v); err != nil {
			s.fail(w, r, volumeMissing(err, v))
			return
		}
		vols = []string{v}
	}
	rep, err := linkcheck.Check(r.Context(), s.store, vols, s.known)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
