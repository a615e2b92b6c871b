package web

import (
	"bytes"
	"errors"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/chancery-frus/chancery"
)

// volumePage is /historicaldocuments/{vol}: the volume's description and
// its table of contents.
func (s *Server) volumePage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("vol")
	v, err := s.volume(r.Context(), id)
	if errors.Is(err, chancery.ErrNotFound) {
		s.notFound(w, r, "There is no volume "+id+" here.", nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "volume", struct {
		page
		Volume  *chancery.Volume
		Editors string
		TOC     template.HTML
	}{page{Title: v.Titles.Complete}, v, editorNames(v), toc(v, v.Structure, true)})
}

func editorNames(v *chancery.Volume) string {
	var names []string
	for _, e := range v.Editors {
		names = append(names, e.Name)
	}
	return strings.Join(names, ", ")
}

// skipInTOC are divisions a table of contents leaves out: the title page
// and the printed table of contents.
var skipInTOC = map[string]bool{"titlePage": true, "toc": true}

// toc renders divisions as nested lists of links.
func toc(v *chancery.Volume, divs []chancery.Division, top bool) template.HTML {
	var b bytes.Buffer
	writeTOC(&b, v, divs, top)
	return template.HTML(b.String())
}

func writeTOC(b *bytes.Buffer, v *chancery.Volume, divs []chancery.Division, top bool) {
	if len(divs) == 0 {
		return
	}
	b.WriteString("<ul>")
	for _, d := range divs {
		if skipInTOC[d.Type] || (top && d.Part == chancery.PartFront && d.Head == "" && d.Content == nil) {
			continue
		}
		b.WriteString(`<li><a href="/historicaldocuments/` + url.PathEscape(v.ID) + "/" + url.PathEscape(d.ID) + `">`)
		if d.IsDocument() && d.N != "" {
			b.WriteString(`<span class="doc-num">` + html.EscapeString(d.N) + `.</span> `)
		}
		head := d.Head
		if head == "" {
			head = strings.ToUpper(d.ID[:1]) + d.ID[1:]
		}
		b.WriteString(html.EscapeString(head) + "</a>")
		writeTOC(b, v, d.Children, false)
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
}

// crumb is a link in breadcrumbs and similar lists.
type crumb struct {
	Href, Label string
}

// findDivision returns the division with id and the path of divisions
// above it.
func findDivision(divs []chancery.Division, id string) (*chancery.Division, []*chancery.Division) {
	var path []*chancery.Division
	var found *chancery.Division
	var walk func([]chancery.Division) bool
	walk = func(ds []chancery.Division) bool {
		for i := range ds {
			d := &ds[i]
			if d.ID == id {
				found = d
				return true
			}
			path = append(path, d)
			if walk(d.Children) {
				return true
			}
			path = path[:len(path)-1]
		}
		return false
	}
	walk(divs)
	return found, path
}

// crumbs returns the breadcrumbs of a division's ancestors.
func crumbs(v *chancery.Volume, path []*chancery.Division) []crumb {
	out := []crumb{{"/historicaldocuments", "Historical Documents"}, {"/historicaldocuments/" + v.ID, shortTitle(v)}}
	for _, d := range path {
		label := d.Head
		if label == "" {
			label = d.ID
		}
		out = append(out, crumb{"/historicaldocuments/" + v.ID + "/" + d.ID, label})
	}
	return out
}

// shortTitle names a volume briefly: "1961–1963, Volume V, Soviet Union".
func shortTitle(v *chancery.Volume) string {
	t := v.Titles
	if t.Subseries != "" && t.Volume != "" {
		parts := []string{t.Subseries}
		if t.VolumeNumber != "" {
			parts = append(parts, t.VolumeNumber)
		}
		return strings.Join(append(parts, t.Volume), ", ")
	}
	if t.Complete != "" {
		return t.Complete
	}
	return v.ID
}

// documentOrder lists the volume's documents as the structure orders them.
func documentOrder(v *chancery.Volume) []chancery.Division {
	var out []chancery.Division
	chancery.Walk(v.Structure, func(d *chancery.Division, _ int) bool {
		if d.IsDocument() {
			out = append(out, *d)
		}
		return true
	})
	return out
}
