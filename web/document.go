package web

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/cite"
	"github.com/chancery-frus/chancery/internal/counts"
)

// divisionPage shows a chapter, compilation or front-matter section: its
// heading, its own prose, and what it holds — subdivisions, and its
// documents as a numbered list with their dates. Long prose (a chapter
// that is one long argument, an index) is shown in parts (?part=2).
func (s *Server) divisionPage(w http.ResponseWriter, r *http.Request, v *chancery.Volume, d *chancery.Division, path []*chancery.Division) {
	rd, err := s.divisionParts(r, v, d)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	heading, parts := rd.heading, rd.parts
	n := 1
	if p := r.URL.Query().Get("part"); p != "" {
		if n, err = strconv.Atoi(p); err != nil {
			s.fail(w, r, chancery.BadRequestf("part %q: give the number of a part, from 1", p))
			return
		}
		if n < 1 || n > max(len(parts), 1) {
			s.notFound(w, r, fmt.Sprintf("%s of %s has %s.", d.Label(), shortTitle(v), counts.Of(max(len(parts), 1), "part", "parts")), []crumb{{divisionHref(v, d.ID, 1), d.Label()}})
			return
		}
	}
	var content template.HTML
	var prev, next *crumb
	if len(parts) > 0 {
		content = parts[n-1]
	}
	if n > 1 {
		prev = &crumb{divisionHref(v, d.ID, n-1), fmt.Sprintf("Part %d", n-1)}
	}
	if n < len(parts) {
		next = &crumb{divisionHref(v, d.ID, n+1), fmt.Sprintf("Part %d", n+1)}
	}
	var children template.HTML
	if !rd.prose {
		counts, err := s.store.CitationCounts(r.Context(), v.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		children = contents(v, d.Children, citedCounts(counts))
	}
	title := d.Label()
	if len(parts) > 1 {
		title += fmt.Sprintf(", part %d of %d", n, len(parts))
	}
	s.render(w, r, http.StatusOK, "division", struct {
		page
		Crumbs      []crumb
		Heading     template.HTML
		Content     template.HTML
		Children    template.HTML
		Part, Parts int
		Prev, Next  *crumb
	}{page{Title: title + " — " + shortTitle(v)}, crumbs(v, path), heading, content, children, n, len(parts), prev, next})
}

// partBytes is the most HTML a part of a long division's page holds,
// notes included (a single block larger than this is a part of its own).
const partBytes = 200 << 10

// divisionParts renders a division's heading and its prose in parts of at
// most partBytes, each part with the notes met in it: one rule for the
// page and for the addresses of ids within it (partOf). Long divisions'
// parts are kept rendered (partsCache). A division whose rendering
// lacks what the store failed to read is neither kept nor served.
func (s *Server) divisionParts(r *http.Request, v *chancery.Volume, d *chancery.Division) (renderedDivision, error) {
	gen, err := s.generation(r.Context())
	if err != nil {
		return renderedDivision{}, err
	}
	key := v.ID + "/" + d.ID // as divisionRendered
	if kept, ok := s.pcache.get(gen, key); ok {
		return kept, nil
	}
	rendered, err := s.renderDivision(r, v, d)
	if err != nil {
		return renderedDivision{}, err
	}
	s.pcache.put(gen, key, rendered)
	return rendered, nil
}

// renderDivision renders a division's heading and its parts.
func (s *Server) renderDivision(r *http.Request, v *chancery.Volume, d *chancery.Division) (renderedDivision, error) {
	rd, rs := s.renderer(r, v)
	rd.division = true
	counts, err := s.store.CitationCounts(r.Context(), v.ID)
	if err != nil {
		return renderedDivision{}, err
	}
	rd.cited = citedCounts(counts)
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
	headNotes := rd.collected
	rd.collected = nil
	chunks := rd.divisionProse(v, d, prose)
	if err := rs.failed(); err != nil {
		return renderedDivision{}, err
	}
	if len(chunks) == 0 {
		if len(headNotes) == 0 {
			return renderedDivision{heading: heading}, nil
		}
		return renderedDivision{heading: heading, parts: []template.HTML{rd.notesOf(headNotes)}}, nil
	}
	chunks[0].notes = append(headNotes, chunks[0].notes...)
	// Each chunk's notes are rendered once; a part gathers those of its
	// chunks under its prose.
	var parts []template.HTML
	var prosePart, notes strings.Builder
	emit := func() {
		parts = append(parts, template.HTML(prosePart.String())+notesSection(notes.String()))
		prosePart.Reset()
		notes.Reset()
	}
	for _, c := range chunks {
		items := rd.noteItems(c.notes)
		if size := prosePart.Len() + notes.Len(); size > 0 && size+len(c.html)+len(items) > partBytes {
			emit()
		}
		prosePart.WriteString(string(c.html))
		notes.WriteString(items)
	}
	emit()
	if err := rs.failed(); err != nil {
		return renderedDivision{}, err
	}
	return renderedDivision{heading: heading, parts: parts, prose: true}, nil
}

// partOf returns the part of a division's page that shows an id: 1 for a
// division in one part, or when no part does.
func (s *Server) partOf(r *http.Request, v *chancery.Volume, d *chancery.Division, id string) (int, error) {
	rd, err := s.divisionParts(r, v, d)
	if err != nil {
		return 0, err
	}
	if parts := rd.parts; len(parts) > 1 {
		want := `id="` + html.EscapeString(id) + `"`
		for i, p := range parts {
			if strings.Contains(string(p), want) {
				return i + 1, nil
			}
		}
	}
	return 1, nil
}

// divisionHref is the address of a part of a division's page.
func divisionHref(v *chancery.Volume, id string, part int) string {
	href := "/historicaldocuments/" + url.PathEscape(v.ID) + "/" + url.PathEscape(id)
	if part > 1 {
		href += "?part=" + strconv.Itoa(part)
	}
	return href
}

// renderer returns a renderer for documents of v, and what collects the
// errors of the store reads it makes.
func (s *Server) renderer(r *http.Request, v *chancery.Volume) (*renderer, *reads) {
	persons := map[string]chancery.Person{}
	for _, p := range v.Persons {
		persons[p.ID] = p
	}
	terms := map[string]chancery.Term{}
	for _, t := range v.Terms {
		terms[t.ID] = t
	}
	ctx := r.Context()
	rs := &reads{}
	return &renderer{
		volume: v.ID, persons: persons, terms: terms,
		links:  &linker{stored: s.stored(ctx, rs)},
		nested: s.nested(ctx, v.ID, rs),
	}, rs
}

// nested returns the enclosed documents of a volume, for rendering them in
// place, noting the store's errors in rs.
func (s *Server) nested(ctx context.Context, vol string, rs *reads) func(string) *chancery.Document {
	return func(id string) *chancery.Document {
		d, err := s.store.Document(ctx, vol, id)
		rs.note(err)
		if err != nil {
			return nil
		}
		return d
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
		s.fail(w, r, notFoundAs(err, "Volume "+v.ID+" has no document "+id+".", suggestions(v, id)))
		return
	}
	cites, err := s.store.Citations(r.Context(), v.ID, d.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d = withFound(d, cites)
	rd, rs := s.renderer(r, v)
	rd.notes = noteIndex(d)
	rd.mark = s.hitHighlight(r)
	data := documentData{
		page: page{Title: docTitle(d) + " — " + shortTitle(v)},
		Doc:  d, Volume: v,
		Head:       rd.html(chancery.HeadWithoutNumber(d.Head, d.N)),
		SourceLine: rd.sourceLine(d),
		Body:       rd.openingPages(d) + rd.html(d.Body),
		Contents:   "/historicaldocuments/" + v.ID,
		Permalink:  chancery.SiteURL(v.ID, d.ID),
	}
	data.Notes = rd.notesHTML(d)
	if err := rs.failed(); err != nil {
		s.fail(w, r, err)
		return
	}
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
	if data.People, err = s.documentPeople(r.Context(), v, d); err != nil {
		s.fail(w, r, err)
		return
	}
	if data.CitedBy, err = s.citedBy(r.Context(), v, d); err != nil {
		s.fail(w, r, err)
		return
	}
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
	People     []documentPerson // who its sender, recipient and participants are
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
	CitedBy     citedBy
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
