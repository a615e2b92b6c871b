package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/resolve"
)

// maxCite is the longest text /resolve reads: a note or a paragraph of
// citations, not a volume.
const maxCite = 10_000

// resolveResponse is the JSON answer of /api/v1/resolve.
type resolveResponse struct {
	Input     string          `json:"input"`
	Citations []resolve.Found `json:"citations"`
}

// SetVolumeIDs has /resolve check citations against known, the series'
// volume ids (the publisher's list), rather than guess the ids of volumes
// not stored here. Call it before the server serves.
func (s *Server) SetVolumeIDs(known func(string) bool) {
	s.resolver = resolve.New(s.store, known)
	s.known = known
}

// resolveCite reads the cite parameter and resolves it.
func (s *Server) resolveCite(r *http.Request) (string, []resolve.Found, error) {
	text := strings.TrimSpace(r.URL.Query().Get("cite"))
	switch {
	case text == "":
		return "", nil, &chancery.BadRequestError{Msg: `give a citation to resolve, as cite=: "Foreign Relations, 1961–1963, vol. V, Document 253", or a history.state.gov address`}
	case len(text) > maxCite:
		return "", nil, chancery.BadRequestf("cite: give at most %d characters of text", maxCite)
	case !utf8.ValidString(text):
		return "", nil, &chancery.BadRequestError{Msg: "cite: the text is not UTF-8"}
	}
	found, err := s.resolver.Resolve(r.Context(), text)
	if found == nil {
		found = []resolve.Found{}
	}
	return text, found, err
}

// apiResolve is /api/v1/resolve?cite=…: each citation found in the text,
// its volume, pages and documents, and whether the volume is here.
func (s *Server) apiResolve(w http.ResponseWriter, r *http.Request) {
	text, found, err := s.resolveCite(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resolveResponse{Input: text, Citations: found})
}

// resolvedView is a citation as the page shows it.
type resolvedView struct {
	resolve.Found
	Links []crumb // the documents here, by their numbers and heads
}

// resolvePage is /resolve: a box to paste a citation into, and the
// documents it means.
func (s *Server) resolvePage(w http.ResponseWriter, r *http.Request) {
	data := struct {
		page
		Cite  string
		Asked bool
		Error string
		Found []resolvedView
	}{page: page{Title: "Find a cited document"}}
	status := http.StatusOK
	if r.URL.Query().Has("cite") {
		data.Asked = true
		text, found, err := s.resolveCite(r)
		if err != nil {
			// A request that cannot be answered as asked is told what to
			// fix, beside the form; any other error is the error page.
			f := classify(err)
			if f.status != http.StatusBadRequest {
				s.fail(w, r, err)
				return
			}
			data.Error, status = f.message, f.status
		}
		data.Cite = text
		heads := map[string]map[string]string{} // volume → document → its label, read once a volume
		for _, f := range found {
			v := resolvedView{Found: f}
			if len(f.Documents) > 0 && heads[f.Volume] == nil {
				vol, err := s.volume(r.Context(), f.Volume)
				if err != nil {
					s.fail(w, r, err)
					return
				}
				heads[f.Volume] = map[string]string{}
				documentHeads(vol.Structure, heads[f.Volume])
			}
			for _, d := range f.Documents {
				label := d
				if h := heads[f.Volume][d]; h != "" {
					label = h
				}
				v.Links = append(v.Links, crumb{Href: "/historicaldocuments/" + f.Volume + "/" + d, Label: label})
			}
			data.Found = append(data.Found, v)
		}
	}
	s.render(w, r, status, "resolve", data)
}

// documentHeads adds to heads each document's label in a volume's
// table of contents: "Document 253. Memorandum of Conversation", or its
// head alone.
func documentHeads(divs []chancery.Division, heads map[string]string) {
	for _, d := range divs {
		if d.IsDocument() {
			switch {
			case d.N != "" && d.Head != "":
				heads[d.ID] = "Document " + d.N + ". " + d.Head
			case d.Head != "":
				heads[d.ID] = d.Head
			}
		}
		documentHeads(d.Children, heads)
	}
}
