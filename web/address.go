package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/chancery-frus/chancery"
)

// addressRoutes registers the addresses of history.state.gov that are not
// a page of their own here: they redirect to the place they name.
func (s *Server) addressRoutes() {
	for code, group := range adminGroups {
		s.mux.HandleFunc("GET /historicaldocuments/"+code, func(w http.ResponseWriter, r *http.Request) {
			s.administration(w, r, group)
		})
	}
	for name := range infoPages {
		s.mux.HandleFunc("GET /historicaldocuments/"+name, toPublisher)
		s.mux.HandleFunc("GET /historicaldocuments/"+name+"/{page}", toPublisher)
	}
	// Every other address below /historicaldocuments/: one ending in a
	// slash, the deeper pages about the series, and what is not here.
	s.mux.HandleFunc("GET /historicaldocuments/", s.otherAddress)
}

// otherAddress serves what no route of /historicaldocuments/ takes: an
// address with a trailing slash goes to the address without it (301), as
// on history.state.gov; the publisher's pages about the series go there;
// anything else is not found.
func (s *Server) otherAddress(w http.ResponseWriter, r *http.Request) {
	if p := r.URL.EscapedPath(); strings.HasSuffix(p, "/") {
		target := strings.TrimRight(p, "/")
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	section, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/historicaldocuments/"), "/")
	if infoPages[section] {
		toPublisher(w, r)
		return
	}
	s.notFound(w, r, "There is no page at "+r.URL.Path+".", nil)
}

// infoPages are history.state.gov's pages about the series, below
// /historicaldocuments/ (with their subpages, such as
// frus-history/chapter-1 or quarterly-releases/2017-q1). They are not held
// here: their addresses lead to the publisher's.
var infoPages = map[string]bool{
	"about-frus": true, "citing-frus": true, "ebooks": true, "other-electronic-resources": true,
	"status-of-the-series": true, "guide-to-sources-on-vietnam-1969-1975": true,
	"quarterly-releases": true, "pre-1861": true, "frus-history": true, "volume-titles": true,
}

// toPublisher redirects to the same address on history.state.gov.
func toPublisher(w http.ResponseWriter, r *http.Request) {
	target := hsg + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// adminGroups maps history.state.gov's administration codes, whose pages
// are /historicaldocuments/{code}, to the groups of the volumes page (see
// administrations); "pre-truman" is every group before 1945.
var adminGroups = map[string]string{
	"lincoln": "lincoln", "johnson-a": "johnson-a", "grant": "grant", "hayes": "hayes",
	"garfield": "garfield-arthur", "arthur": "garfield-arthur", "cleveland-22": "cleveland-22",
	"harrison": "harrison", "cleveland-24": "cleveland-24", "mckinley": "mckinley",
	"roosevelt-t": "roosevelt-t", "taft": "taft", "wilson": "wilson", "harding": "harding",
	"coolidge": "coolidge", "hoover": "hoover", "roosevelt-fd": "roosevelt-fd", "pre-truman": "",
	"truman": "truman", "eisenhower": "eisenhower", "kennedy": "kennedy", "johnson": "johnson",
	"nixon-ford": "nixon-ford", "carter": "carter", "reagan": "reagan", "bush-ghw": "bush-ghw",
	"clinton": "clinton",
}

// administration answers history.state.gov's page of an administration,
// /historicaldocuments/{code}: its group of the volumes page, or the
// publisher's page when no volume of it is stored here. group is the
// group's id, or "" for every volume before 1945 ("pre-truman").
func (s *Server) administration(w http.ResponseWriter, r *http.Request, group string) {
	list, err := s.volumes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, v := range list {
		year, g, _ := era(v.ID)
		if g == group || (group == "" && year > 0 && year < 1945) {
			target := "/historicaldocuments"
			if group != "" {
				target += "#" + group
			}
			http.Redirect(w, r, target, http.StatusFound)
			return
		}
	}
	toPublisher(w, r)
}

// volumeMissing returns the error of reading volume vol: when the volume
// is not stored here, not found, with the publisher's page of the volume.
func volumeMissing(err error, vol string) error {
	return notFoundAs(err, "There is no volume "+vol+" here.", elsewhere(vol))
}

var volumeID = regexp.MustCompile(`^frus\d{4}`)

// elsewhere offers the publisher's page of a volume that is not stored
// here.
func elsewhere(name string) []crumb {
	if !volumeID.MatchString(name) {
		return nil
	}
	return []crumb{{chancery.SiteURL(name, ""), name + " on history.state.gov"}}
}

// idPage is /historicaldocuments/{vol}/{id}: a document (d253), a division
// (ch8, comp2) or front matter (persons, terms, preface), a page (pg_534,
// shown at its place in its document) or a footnote (d253fn3, likewise),
// another id of the text (an index entry, a persons entry, a figure: shown
// at its place in its division or document), or the volume's own id (the
// volume).
func (s *Server) idPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	volID, id := r.PathValue("vol"), r.PathValue("id")
	v, err := s.volume(ctx, volID)
	if err != nil {
		s.fail(w, r, volumeMissing(err, volID))
		return
	}
	base := "/historicaldocuments/" + url.PathEscape(v.ID)
	if id == v.ID {
		http.Redirect(w, r, base, http.StatusFound)
		return
	}
	if div, path := findDivision(v.Structure, id); div != nil && !div.IsDocument() {
		if s.divisionRendered(ctx, v, id) {
			s.divisionPage(w, r, v, div, path)
			return
		}
		release, err := s.divisionSlot(ctx, v, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		defer release()
		v, div, path, err := s.division(ctx, v, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.divisionPage(w, r, v, div, path)
		return
	}
	if in := anchorIn(v, id); in != "" {
		target := base + "/" + url.PathEscape(in)
		if div, _ := findDivision(v.Structure, in); div != nil && !div.IsDocument() {
			// A long division is shown in parts: lead to the one with the id.
			release, err := s.divisionSlot(ctx, v, in)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			defer release()
			full, div, _, err := s.division(ctx, v, in)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			part, err := s.partOf(r, full, div, id)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			target = divisionHref(full, in, part)
		}
		http.Redirect(w, r, target+"#"+url.PathEscape(id), http.StatusFound)
		return
	}
	loc, err := s.store.Locate(ctx, v.ID, id)
	if err != nil {
		s.fail(w, r, notFoundAs(err, "Volume "+v.ID+" has no document, page or note "+id+".", suggestions(v, id)))
		return
	}
	switch loc.Kind {
	case chancery.LocDocument:
		s.documentPage(w, r, v, id)
	case chancery.LocNote, chancery.LocPage:
		target := base
		if loc.Document != "" {
			target += "/" + url.PathEscape(loc.Document) + "#" + url.PathEscape(id)
		}
		http.Redirect(w, r, target, http.StatusFound)
	}
}

// anchorIn returns the division or document whose page shows the anchor
// id of a volume, or "".
func anchorIn(v *chancery.Volume, id string) string {
	for _, a := range v.Anchors {
		if a.ID == id {
			return a.In
		}
	}
	return ""
}

var docNumber = regexp.MustCompile(`^d(\d+)`)

// suggestions offers pages near an unknown id: the volume, and a search.
func suggestions(v *chancery.Volume, id string) []crumb {
	out := []crumb{{"/historicaldocuments/" + v.ID, "The table of contents of " + shortTitle(v)}}
	if m := docNumber.FindStringSubmatch(id); m != nil {
		for _, d := range documentOrder(v) {
			if d.N == m[1] || strings.HasPrefix(d.ID, "d"+m[1]) {
				out = append(out, crumb{"/historicaldocuments/" + v.ID + "/" + d.ID, "Document " + d.N + ": " + d.Head})
				break
			}
		}
	}
	return out
}
