package web

import (
	"bytes"
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
	if err != nil {
		s.fail(w, r, volumeMissing(err, id))
		return
	}
	counts, err := s.store.CitationCounts(r.Context(), v.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cited := citedCounts(counts)
	s.render(w, r, http.StatusOK, "volume", struct {
		page
		Volume    *chancery.Volume
		Editors   []editorGroup
		TOC       template.HTML
		MostCited []mostCited
	}{page{Title: v.Titles.Complete}, v, editorNames(v), toc(v, v.Structure, true, cited), topCited(v, counts)})
}

// editorGroup is one role of a volume's editors, as the volume page
// lists them: "Editor" or "Editors", "General Editor"…
type editorGroup struct{ Label, Names string }

// editorRoles name the roles of the titleStmt's editors, in the order the
// volume page shows them; other roles follow under their own name.
var editorRoles = []struct{ role, one, many string }{
	{"primary", "Editor", "Editors"},
	{"", "Editor", "Editors"},
	{"general", "General Editor", "General Editors"},
}

// editorNames groups a volume's editors by role, so that the general
// editor of the series is not taken for an editor of the volume.
func editorNames(v *chancery.Volume) []editorGroup {
	var out []editorGroup
	done := map[string]bool{}
	add := func(role, one, many string) {
		if done[role] {
			return
		}
		done[role] = true
		var names []string
		for _, e := range v.Editors {
			if e.Role == role {
				names = append(names, e.Name)
			}
		}
		label := many
		if len(names) == 1 {
			label = one
		}
		if len(names) > 0 {
			out = append(out, editorGroup{label, strings.Join(names, ", ")})
		}
	}
	for _, r := range editorRoles {
		add(r.role, r.one, r.many)
	}
	for _, e := range v.Editors {
		if !done[e.Role] {
			name := strings.ToUpper(e.Role[:1]) + e.Role[1:] + " editor"
			add(e.Role, name, name+"s")
		}
	}
	return out
}

// skipInTOC are divisions a table of contents leaves out: the title page
// and the printed table of contents.
var skipInTOC = map[string]bool{"titlePage": true, "toc": true}

// toc renders divisions as nested lists of links.
func toc(v *chancery.Volume, divs []chancery.Division, top bool, cited map[string]int) template.HTML {
	var b bytes.Buffer
	writeTOC(&b, v, divs, top, cited)
	return template.HTML(b.String())
}

func writeTOC(b *bytes.Buffer, v *chancery.Volume, divs []chancery.Division, top bool, cited map[string]int) {
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
		b.WriteString(html.EscapeString(d.Label()) + "</a>")
		writeCited(b, cited[d.ID])
		writeTOC(b, v, d.Children, false, cited)
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
}

// contents renders what a division holds, for its page: subdivisions as
// links with their own contents, documents as a numbered list with their
// dates.
func contents(v *chancery.Volume, divs []chancery.Division, cited map[string]int) template.HTML {
	var b bytes.Buffer
	writeContents(&b, v, divs, cited)
	return template.HTML(b.String())
}

func writeContents(b *bytes.Buffer, v *chancery.Volume, divs []chancery.Division, cited map[string]int) {
	if len(divs) == 0 {
		return
	}
	b.WriteString(`<ul class="contents">`)
	for i := range divs {
		writeContentsItem(b, v, &divs[i], cited)
	}
	b.WriteString("</ul>")
}

// writeContentsItem writes one entry of a division's contents: a
// subdivision with its own contents, or a document with its number and
// date.
func writeContentsItem(b *bytes.Buffer, v *chancery.Volume, d *chancery.Division, cited map[string]int) {
	if skipInTOC[d.Type] {
		return
	}
	href := "/historicaldocuments/" + url.PathEscape(v.ID) + "/" + url.PathEscape(d.ID)
	if !d.IsDocument() {
		b.WriteString(`<li class="part"><a href="` + href + `">` + html.EscapeString(d.Label()) + "</a>")
		writeContents(b, v, d.Children, cited)
		b.WriteString("</li>")
		return
	}
	b.WriteString(`<li class="doc">`)
	if d.N != "" {
		b.WriteString(`<span class="doc-num">` + html.EscapeString(d.N) + `.</span> `)
	}
	b.WriteString(`<a href="` + href + `">` + html.EscapeString(d.Label()) + "</a>")
	if d.Date != nil {
		b.WriteString(` <span class="doc-date">` + html.EscapeString(formatInterval(d.Date)) + "</span>")
	}
	writeCited(b, cited[d.ID])
	b.WriteString("</li>")
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
		out = append(out, crumb{"/historicaldocuments/" + v.ID + "/" + d.ID, d.Label()})
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
