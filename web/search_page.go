package web

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

type option struct {
	Value, Label string
	Selected     bool
}

type hitView struct {
	Href, Title, VolumeTitle, N, Date, Type string
	Snippet                                 template.HTML
}

type facetView struct {
	Name   string
	Values []facetLink
}

type facetLink struct {
	Href, Label string
	Count       int
}

// searchPage is /search: the search form, results, facets and pages,
// with history.state.gov's parameters. Filters without words list the
// documents they keep, oldest first. A query that cannot be parsed is
// answered with its message and, when it has plain words
// (query.PlainQuery), the results of those beside it.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	data := struct {
		page
		Params      *search.Params
		TypeOptions []option
		SortOptions []option
		Error       string
		Suggestion  *crumb // the plain words searched for instead of a broken query
		Result      *chancery.SearchResult
		Total       string
		Start       int
		Hits        []hitView
		Facets      []facetView
		Active      []crumb
		PrevPage    string
		NextPage    string
	}{page: page{Title: "Search"}}
	p, err := searchParams(r)
	if err != nil {
		p = &search.Params{}
	}
	data.Query = p.Query
	status := http.StatusOK
	var req *chancery.SearchRequest
	base := r.URL.Query() // the parameters that links to other pages keep
	if err == nil && (strings.TrimSpace(p.Query) != "" || p.Filtered()) {
		req, err = p.Request()
		var qe *query.Error
		if errors.As(err, &qe) {
			if plain := query.PlainQuery(p.Query); plain != "" {
				fallback := *p
				fallback.Query = plain
				if freq, ferr := fallback.Request(); ferr == nil {
					p, req = &fallback, freq
					base.Set("q", plain)
					base.Del("start")
					data.Suggestion = &crumb{"/search?" + base.Encode(), plain}
				}
			}
		}
	}
	// A request that cannot be answered as asked is told what to fix,
	// beside the form; any other error is the error page.
	badRequest := func(err error) bool {
		f := classify(err)
		if f.status != http.StatusBadRequest {
			s.fail(w, r, err)
			return false
		}
		data.Error, status = f.message, f.status
		return true
	}
	if err != nil && !badRequest(err) {
		return
	}
	data.Params = p
	sort := p.Sort
	if req != nil {
		sort = req.Sort
		res, err := s.search(r.Context(), req)
		switch {
		case err == nil:
			data.Result = res
			data.Title = searchTitle(p, req) + " — Search"
			s.fillResults(base, &data.Total, &data.Start, &data.Hits, &data.Facets, &data.Active, &data.PrevPage, &data.NextPage, p, req, data.Result)
		case !badRequest(err):
			return
		}
	}
	for _, t := range chancery.Types {
		data.TypeOptions = append(data.TypeOptions, option{t.Type, t.Label, len(p.Types) > 0 && p.Types[0] == t.Type})
	}
	for _, o := range []option{{chancery.SortRelevance, "Relevance", false}, {chancery.SortDateAsc, "Oldest first", false}, {chancery.SortDateDesc, "Newest first", false}} {
		o.Selected = sort == o.Value || (sort == "" && o.Value == chancery.SortRelevance)
		data.SortOptions = append(data.SortOptions, o)
	}
	s.render(w, r, status, "search", data)
}

// searchTitle names a search in the page's title: its words or, without
// words, its filters.
func searchTitle(p *search.Params, req *chancery.SearchRequest) string {
	if !req.Query.Empty() {
		return p.Query
	}
	var parts []string
	parts = append(parts, req.Volumes...)
	if p.From != "" || p.To != "" {
		parts = append(parts, dateRange(p.From, p.To))
	}
	for _, t := range req.Types {
		parts = append(parts, chancery.TypeLabel(t))
	}
	switch req.Kind {
	case chancery.KindEditorial:
		parts = append(parts, "editorial notes")
	case chancery.KindHistorical:
		parts = append(parts, "historical documents")
	}
	return "Documents: " + strings.Join(parts, ", ")
}

// dateRange writes a range of dates as given: "1919", "1962-10 to 1962-11",
// "from 1962", "to 1962".
func dateRange(from, to string) string {
	switch {
	case from == to:
		return from
	case to == "":
		return "from " + from
	case from == "":
		return "to " + to
	}
	return from + " to " + to
}

// withParams returns the search address with some parameters of base
// changed (an empty value removes one) and paging reset.
func withParams(base url.Values, set map[string]string) string {
	q := url.Values{}
	for k, v := range base {
		q[k] = v
	}
	q.Del("start")
	for k, v := range set {
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	return "/search?" + q.Encode()
}

// hitHref is the address of a hit's document; after a search with words
// it carries the query, so that the document page marks its words.
func hitHref(h chancery.Hit, req *chancery.SearchRequest) string {
	href := "/historicaldocuments/" + url.PathEscape(h.Volume) + "/" + url.PathEscape(h.Document)
	if !req.Query.Empty() {
		href += "?" + url.Values{"q": {req.Query.Input}}.Encode()
	}
	return href
}

func (s *Server) fillResults(base url.Values, total *string, start *int, hits *[]hitView, facets *[]facetView, active *[]crumb, prev, next *string,
	p *search.Params, req *chancery.SearchRequest, res *chancery.SearchResult) {
	switch res.Total {
	case 0:
		*total = "No documents match"
	case 1:
		*total = "1 document"
	default:
		*total = strconv.Itoa(res.Total) + " documents"
	}
	*start = req.Offset + 1
	for _, h := range res.Hits {
		hv := hitView{
			Href: hitHref(h, req), Title: h.Title,
			VolumeTitle: h.VolumeTitle, N: h.N, Type: chancery.TypeLabel(h.Type), Date: "undated", Snippet: snippetHTML(h.Snippet),
		}
		if h.Date != nil {
			hv.Date = formatInterval(h.Date)
		}
		*hits = append(*hits, hv)
	}
	page := func(first int) string {
		q := url.Values{}
		for k, v := range base {
			q[k] = v
		}
		q.Set("start", strconv.Itoa(first))
		return "/search?" + q.Encode()
	}
	if req.Offset > 0 {
		*prev = page(max(req.Offset-req.Limit, 0) + 1)
	}
	if req.Offset+req.Limit < res.Total {
		*next = page(req.Offset + req.Limit + 1)
	}
	if f := res.Facets; f != nil {
		add := func(name string, counts []chancery.FacetCount, link func(chancery.FacetCount) string, max int) {
			fv := facetView{Name: name}
			for i, c := range counts {
				if i == max {
					break
				}
				l := c.Label
				if l == "" {
					l = c.Value
				}
				fv.Values = append(fv.Values, facetLink{link(c), l, c.Count})
			}
			if len(fv.Values) > 0 {
				*facets = append(*facets, fv)
			}
		}
		add("Volume", f.Volumes, func(c chancery.FacetCount) string { return withParams(base, map[string]string{"volume-id": c.Value}) }, 15)
		add("Decade", f.Decades, func(c chancery.FacetCount) string {
			d := strings.TrimSuffix(c.Value, "s")
			n, _ := strconv.Atoi(d)
			return withParams(base, map[string]string{"start-date": d, "end-date": strconv.Itoa(n + 9)})
		}, 30)
		add("Year", f.Years, func(c chancery.FacetCount) string {
			return withParams(base, map[string]string{"start-date": c.Value, "end-date": c.Value})
		}, 40)
		add("Type", f.Types, func(c chancery.FacetCount) string { return withParams(base, map[string]string{"type": c.Value}) }, 20)
		add("Persons", f.Persons, func(c chancery.FacetCount) string {
			return withParams(base, map[string]string{"q": strings.TrimSpace(p.Query + ` person:"` + strings.ReplaceAll(c.Value, `"`, "") + `"`)})
		}, 10)
	}
	for _, v := range req.Volumes {
		*active = append(*active, crumb{withParams(base, map[string]string{"volume-id": ""}), "Volume " + v})
	}
	if p.From != "" || p.To != "" {
		*active = append(*active, crumb{withParams(base, map[string]string{"start-date": "", "end-date": ""}), "Dates " + p.From + "–" + p.To})
	}
	for _, t := range req.Types {
		*active = append(*active, crumb{withParams(base, map[string]string{"type": ""}), chancery.TypeLabel(t)})
	}
	switch req.Kind {
	case chancery.KindEditorial:
		*active = append(*active, crumb{withParams(base, map[string]string{"kind": ""}), "Editorial notes"})
	case chancery.KindHistorical:
		*active = append(*active, crumb{withParams(base, map[string]string{"kind": ""}), "Historical documents"})
	}
}

// snippetHTML marks a snippet's matches.
func snippetHTML(parts []chancery.SnippetPart) template.HTML {
	var b strings.Builder
	for _, p := range parts {
		if p.Match {
			b.WriteString("<mark>" + html.EscapeString(p.Text) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(p.Text))
		}
	}
	return template.HTML(b.String())
}

var easternZone = time.FixedZone("UTC-5", -5*3600)

// formatInterval writes a date interval as a person reads it: "October 18,
// 1962", "October 1962", "1962", or a range.
func formatInterval(iv *chancery.Interval) string {
	lo, hi := iv.Min.In(easternZone), iv.Max.In(easternZone)
	switch {
	case lo.Year() == hi.Year() && lo.YearDay() == hi.YearDay():
		return lo.Format("January 2, 2006")
	case lo.Day() == 1 && hi.AddDate(0, 0, 1).Day() == 1 && lo.Month() == hi.Month() && lo.Year() == hi.Year():
		return lo.Format("January 2006")
	case lo.YearDay() == 1 && hi.Month() == 12 && hi.Day() == 31 && lo.Year() == hi.Year():
		return strconv.Itoa(lo.Year())
	}
	return fmt.Sprintf("%s – %s", lo.Format("January 2, 2006"), hi.Format("January 2, 2006"))
}
