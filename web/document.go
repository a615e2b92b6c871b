package web

import (
	"html"
	"html/template"
	"net/http"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/cite"
)

// divisionPage shows a chapter, compilation or front-matter section: its
// heading, its own prose, and what it holds — subdivisions, and its
// documents as a numbered list with their dates.
func (s *Server) divisionPage(w http.ResponseWriter, r *http.Request, v *chancery.Volume, d *chancery.Division, path []*chancery.Division) {
	rd := s.renderer(r, v)
	rd.division = true
	if len(v.Persons) > 0 {
		rd.docNumbers = map[string]string{}
		for _, o := range documentOrder(v) {
			rd.docNumbers[o.ID] = o.N
		}
	}
	heading := template.HTML(html.EscapeString(d.Label()))
	prose := d.Content
	if prose != nil && len(prose.Children) > 0 && prose.Children[0].Name == "head" {
		// The head, with its note markers, is the page's heading.
		heading = rd.html(prose.Children[0])
		prose = &chancery.Node{Name: prose.Name, Children: prose.Children[1:]}
	}
	content, children := rd.divisionProse(v, d, prose), template.HTML("")
	if d.Content == nil {
		children = contents(v, d.Children)
	}
	notes := rd.collectedNotes()
	s.render(w, r, http.StatusOK, "division", struct {
		page
		Crumbs   []crumb
		Heading  template.HTML
		Content  template.HTML
		Children template.HTML
	}{page{Title: d.Label() + " — " + shortTitle(v)}, crumbs(v, path), heading, content + notes, children})
}

// renderer returns a renderer for documents of v.
func (s *Server) renderer(r *http.Request, v *chancery.Volume) *renderer {
	persons := map[string]chancery.Person{}
	for _, p := range v.Persons {
		persons[p.ID] = p
	}
	terms := map[string]chancery.Term{}
	for _, t := range v.Terms {
		terms[t.ID] = t
	}
	ctx := r.Context()
	return &renderer{
		volume: v.ID, persons: persons, terms: terms,
		links: &linker{stored: s.stored(ctx)},
		nested: func(id string) *chancery.Document {
			d, err := s.store.Document(ctx, v.ID, id)
			if err != nil {
				return nil
			}
			return d
		},
	}
}

// glossEntry is a person or term a document mentions, for the side panel.
type glossEntry struct {
	Href, Name, Description string
}

// documentPage shows one document.
func (s *Server) documentPage(w http.ResponseWriter, r *http.Request, v *chancery.Volume, id string) {
	d, err := s.store.Document(r.Context(), v.ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rd := s.renderer(r, v)
	rd.notes = noteIndex(d)
	rd.mark = s.hitHighlight(r)
	data := documentData{
		page: page{Title: docTitle(d) + " — " + shortTitle(v)},
		Doc:  d, Volume: v,
		Head:       rd.html(chancery.HeadWithoutNumber(d.Head, d.N)),
		SourceLine: rd.sourceLine(d),
		Body:       rd.openingPages(d) + rd.html(d.Body),
		Contents:   "/historicaldocuments/" + v.ID,
		Permalink:  hsg + "/historicaldocuments/" + v.ID + "/" + d.ID,
	}
	data.Notes = rd.notesHTML(d)
	if rd.mark != nil {
		// Reached from a search: say so, keep the query in the search box.
		data.Marked = r.URL.Query().Get("q")
		data.Query = data.Marked
	}
	_, path := findDivision(v.Structure, d.ID)
	data.Crumbs = crumbs(v, path)
	if d.Parent != "" {
		data.Crumbs = append(data.Crumbs, crumb{"/historicaldocuments/" + v.ID + "/" + d.Parent, "Document " + strings.TrimPrefix(d.Parent, "d")})
	}
	order := documentOrder(v)
	for i, o := range order {
		if o.ID != d.ID {
			continue
		}
		if i > 0 {
			data.Prev = &crumb{"/historicaldocuments/" + v.ID + "/" + order[i-1].ID, label(order[i-1])}
		}
		if i+1 < len(order) {
			data.Next = &crumb{"/historicaldocuments/" + v.ID + "/" + order[i+1].ID, label(order[i+1])}
		}
	}
	data.Persons, data.Terms = mentioned(v, d)
	s.citation(&data, v, d)
	data.PrintSource = cite.Chicago(v, d, data.Permalink)
	s.render(w, r, http.StatusOK, "document", data)
}

// documentData is what the document page shows.
type documentData struct {
	page
	Doc        *chancery.Document
	Volume     *chancery.Volume
	Crumbs     []crumb
	Head, Body template.HTML
	SourceLine template.HTML // a source note printed above the head
	Contents   string        // the volume's table of contents
	Notes      template.HTML
	Prev, Next *crumb
	Persons    []glossEntry
	Terms      []glossEntry
	Permalink  string
	// Marked is the query whose words are marked, when the reader came
	// from a search.
	Marked string
	// PrintSource is the citation printed under the document on paper.
	PrintSource string
	Chicago     template.HTML
	Meta        []metaTag
	CSL         template.HTML // the script element holding the CSL-JSON
	CiteLinks   []crumb
	Exports     []crumb
}

type metaTag struct{ Name, Content string }

func docTitle(d *chancery.Document) string {
	if d.N != "" {
		return d.N + ". " + d.Title
	}
	return d.Title
}

func label(d chancery.Division) string {
	if d.N != "" {
		return "Document " + d.N
	}
	return d.Head
}

// mentioned returns the persons and terms of the volume's lists that a
// document points to, in the order it first does.
func mentioned(v *chancery.Volume, d *chancery.Document) (persons, terms []glossEntry) {
	seen := map[string]bool{}
	for _, m := range d.Mentions {
		if m.Ref == "" || seen[m.Ref] {
			continue
		}
		seen[m.Ref] = true
		switch m.Kind {
		case chancery.MentionPerson:
			for _, p := range v.Persons {
				if p.ID == m.Ref {
					persons = append(persons, glossEntry{"/historicaldocuments/" + v.ID + "/persons#" + p.ID, p.Name, p.Description})
				}
			}
		case chancery.MentionTerm:
			for _, t := range v.Terms {
				if t.ID == m.Ref {
					terms = append(terms, glossEntry{"/historicaldocuments/" + v.ID + "/terms#" + t.ID, t.Term, t.Expansion})
				}
			}
		}
	}
	return persons, terms
}
