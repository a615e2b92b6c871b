package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/cite"
)

// citation fills the document page's Cite panel: the Chicago form, the
// citation_* meta tags and embedded CSL-JSON for reference managers, and
// links to the citation files.
func (s *Server) citation(data *documentData, v *chancery.Volume, d *chancery.Document) {
	url := data.Permalink
	data.Chicago = template.HTML(cite.ChicagoHTML(v, d, url))
	for _, m := range cite.Meta(v, d, url) {
		data.Meta = append(data.Meta, metaTag{m.Name, m.Content})
	}
	data.CSL = cslScript(cite.CSLJSON(v, d, url))
	base := "/historicaldocuments/" + v.ID + "/" + d.ID + "/"
	for _, st := range cite.Styles {
		data.CiteLinks = append(data.CiteLinks, crumb{base + "cite/" + st.Name, st.Label})
	}
	for _, f := range exportFormats {
		data.Exports = append(data.Exports, crumb{base + "export/" + f.Name, f.Label})
	}
}

// citeFile serves /historicaldocuments/{vol}/{id}/cite/{style}: a
// document's citation in one style, as a file to download.
func (s *Server) citeFile(w http.ResponseWriter, r *http.Request) {
	v, d, ok := s.loadDocument(w, r)
	if !ok {
		return
	}
	st, ok := cite.Lookup(r.PathValue("style"))
	if !ok {
		s.notFound(w, r, "There is no citation style "+r.PathValue("style")+".", nil)
		return
	}
	text := st.Func(v, d, chancery.SiteURL(v.ID, d.ID))
	w.Header().Set("Content-Type", st.MIME+"; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+st.Filename(v, d)+`"`)
	w.Write([]byte(text))
}

// loadDocument reads the volume and document an address names, answering
// 404 when either is missing.
func (s *Server) loadDocument(w http.ResponseWriter, r *http.Request) (*chancery.Volume, *chancery.Document, bool) {
	volID, id := r.PathValue("vol"), r.PathValue("id")
	v, err := s.volume(r.Context(), volID)
	if err != nil {
		s.fail(w, r, volumeMissing(err, volID))
		return nil, nil, false
	}
	d, err := s.store.Document(r.Context(), volID, id)
	if err != nil {
		s.fail(w, r, notFoundAs(err, "There is no document "+id+" in "+volID+" here.", suggestions(v, id)))
		return nil, nil, false
	}
	return v, d, true
}

// cslScript embeds CSL-JSON in a data block for reference managers. The
// JSON is written as it is — html/template would escape it as text — with
// every "<", ">" and "&" written as a JSON escape ("\u003c"), which means
// the same string and cannot end the element or open markup.
func cslScript(json string) template.HTML {
	json = strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`).Replace(json)
	return template.HTML(`<script type="application/vnd.citationstyles.csl+json" id="csl-json">` + json + "</script>")
}
