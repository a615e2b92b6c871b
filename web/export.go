package web

import (
	"encoding/json"
	"html"
	"net/http"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/cite"
	"github.com/chancery-frus/chancery/export"
)

// Formats a document can be exported in, with their media types and file
// extensions.
var exportFormats = []struct {
	Name, Label, MIME, Ext string
}{
	{"text", "Plain text", "text/plain", ".txt"},
	{"markdown", "Markdown", "text/markdown", ".md"},
	{"json", "JSON (the full record)", "application/json", ".json"},
	{"tei", "TEI XML", "application/tei+xml", ".xml"},
	{"html", "HTML", "text/html", ".html"},
}

// ExportDocument renders a document in a format: text, markdown, json, tei
// or html (a standalone page). nested resolves enclosed documents; stored
// tells which volumes links may point to locally.
//
// Every format but json ends with where the document comes from: its
// citation, naming the volume, and its permanent address.
func ExportDocument(format string, v *chancery.Volume, d *chancery.Document, nested func(string) *chancery.Document, stored func(string) bool) (string, bool) {
	permalink := permalink(v, d)
	source := cite.Chicago(v, d, permalink)
	switch format {
	case "text":
		return export.Text(d, nested) + "\nSource: " + source + "\n", true
	case "markdown":
		return export.Markdown(d, nested) + "\n---\n\nSource: " + source + "\n", true
	case "tei":
		return "<!-- Source: " + strings.ReplaceAll(source, "--", "–") + " -->\n" + export.TEI(d, nested), true
	case "json":
		b, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			return "", false
		}
		return string(b) + "\n", true
	case "html":
		r := &renderer{volume: v.ID, persons: map[string]chancery.Person{}, terms: map[string]chancery.Term{},
			links: &linker{stored: stored}, nested: nested, notes: noteIndex(d)}
		for _, p := range v.Persons {
			r.persons[p.ID] = p
		}
		for _, t := range v.Terms {
			r.terms[t.ID] = t
		}
		css, _ := staticFS.ReadFile("static/style.css")
		var b strings.Builder
		b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
		b.WriteString(html.EscapeString(docTitle(d) + " — " + shortTitle(v)))
		b.WriteString("</title>\n<style>\n" + string(css) + "</style>\n</head>\n<body>\n<main>\n<article class=\"document\">\n<h1>")
		if d.N != "" {
			b.WriteString(`<span class="num">` + html.EscapeString(d.N) + ".</span> ")
		}
		b.WriteString(string(r.html(chancery.HeadWithoutNumber(d.Head, d.N))) + "</h1>\n" + string(r.sourceLine(d)) + "\n<div class=\"body\">\n" + string(r.html(d.Body)) + "\n</div>\n")
		b.WriteString(`<section class="footnotes"><h2>Notes</h2>` + string(r.notesHTML(d)) + "</section>\n</article>\n")
		b.WriteString(`<footer class="export-source"><p>Source: ` + cite.ChicagoHTML(v, d, permalink) + "</p></footer>\n</main>\n</body>\n</html>\n")
		return b.String(), true
	}
	return "", false
}

// exportFile serves /historicaldocuments/{vol}/{id}/export/{format}.
func (s *Server) exportFile(w http.ResponseWriter, r *http.Request) {
	v, d, ok := s.loadDocument(w, r)
	if !ok {
		return
	}
	name := r.PathValue("format")
	for _, f := range exportFormats {
		if f.Name != name {
			continue
		}
		rs := &reads{}
		body, _ := ExportDocument(name, v, d, s.nested(r.Context(), v.ID, rs), s.stored(r.Context(), rs))
		if err := rs.failed(); err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", f.MIME+"; charset=utf-8")
		if name != "html" {
			w.Header().Set("Content-Disposition", `inline; filename="`+v.ID+"-"+d.ID+f.Ext+`"`)
		}
		w.Write([]byte(body))
		return
	}
	s.notFound(w, r, "There is no export format "+name+": the formats are text, markdown, json, tei and html.", nil)
}

// permalink is a document's permanent address: history.state.gov's.
func permalink(v *chancery.Volume, d *chancery.Document) string {
	return chancery.SiteURL(v.ID, d.ID)
}
