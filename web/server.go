// Package web serves Chancery over HTTP: the JSON API and, in time, the
// reader. Each page or endpoint has its own file.
package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/resolve"
)

// Server serves one store.
type Server struct {
	store  chancery.Store
	log    *slog.Logger
	mux    *http.ServeMux
	pages  map[string]*template.Template
	vcache volumeCache
	pcache partsCache
	icache identitiesCache
	// resolver answers /resolve, with the page maps it has built.
	resolver *resolve.Resolver
	// known reports whether a volume id exists in the series (nil: every
	// volume cited is taken to exist), for the link report and the graph.
	known  func(string) bool
	health health
	build  string // identifies templates and static files, for validators
	// Timeout bounds the work of one request.
	timeout time.Duration
	// The pools of costly requests and the API's rate limit (limit.go).
	searches, renders *pool
	api               *limiter
}

// New returns a server for store that logs to log, with no limits on its
// costly requests or its clients.
func New(store chancery.Store, log *slog.Logger) (*Server, error) {
	return NewWithLimits(store, log, Limits{})
}

// NewWithLimits returns a server for store that logs to log, running its
// costly requests and answering the API's clients within limits.
func NewWithLimits(store chancery.Store, log *slog.Logger, limits Limits) (*Server, error) {
	build := buildHash()
	pages, err := parsePages(build)
	if err != nil {
		return nil, err
	}
	s := &Server{store: store, log: log, mux: http.NewServeMux(), pages: pages, timeout: 15 * time.Second, build: build,
		searches: newPool("search", limits.Searches, limits.QueueWait),
		renders:  newPool("render", limits.Renders, limits.QueueWait),
		api:      newLimiter(limits.APIRate, limits.APIBurst),
		resolver: resolve.New(store, nil),
	}
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("GET /historicaldocuments", s.volumesPage)
	s.mux.HandleFunc("GET /historicaldocuments/{vol}", s.volumePage)
	s.mux.HandleFunc("GET /historicaldocuments/{vol}/{id}", s.idPage)
	s.mux.HandleFunc("GET /historicaldocuments/{vol}/{id}/cite/{style}", s.citeFile)
	s.mux.HandleFunc("GET /historicaldocuments/{vol}/{id}/export/{format}", standalone(s.costly(s.renders, s.exportFile)))
	s.mux.HandleFunc("GET /search", s.searchPage)
	s.mux.HandleFunc("GET /resolve", s.costly(s.renders, s.resolvePage)) // a citation of pages may read a volume
	s.mux.HandleFunc("GET /static/", s.static)
	s.mux.HandleFunc("GET /favicon.ico", s.favicon)
	s.mux.HandleFunc("GET /api/v1/search", s.apiSearch)
	s.mux.HandleFunc("GET /api/v1/resolve", s.costly(s.renders, s.apiResolve))
	s.mux.HandleFunc("GET /api/v1/citations", s.apiCitations)
	s.mux.HandleFunc("GET /api/v1/citations/export", s.costly(s.renders, s.apiCitationsExport))
	s.mux.HandleFunc("GET /api/v1/links", s.costly(s.renders, s.apiLinks))
	s.mux.HandleFunc("GET /api/v1/offices", s.apiOffices)
	s.mux.HandleFunc("GET /api/v1/people", s.peoplePage)
	s.mux.HandleFunc("GET /api/v1/people/{id}", s.personPage)
	s.mux.HandleFunc("GET /people", s.peoplePage)
	s.mux.HandleFunc("GET /people/{id}", s.personPage)
	s.mux.HandleFunc("GET /people/{id}/network", s.personNetwork)
	s.mux.HandleFunc("GET /api/v1/people/{id}/network", s.personNetwork)
	s.mux.HandleFunc("GET /departmenthistory/people/{id}", s.departmentPerson)
	s.mux.HandleFunc("GET /api/v1/openapi.json", s.apiOpenAPI)
	s.mux.HandleFunc("GET /api/v1/volumes", s.apiVolumes)
	s.mux.HandleFunc("GET /api/v1/volumes/{vol}", s.apiVolume)
	s.mux.HandleFunc("GET /api/v1/volumes/{vol}/toc", s.apiTOC)
	s.mux.HandleFunc("GET /api/v1/volumes/{vol}/persons", s.apiPersons)
	s.mux.HandleFunc("GET /api/v1/volumes/{vol}/terms", s.apiTerms)
	s.mux.HandleFunc("GET /api/v1/volumes/{vol}/documents/{id}", s.apiDocument)
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.addressRoutes()
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if s.wrongMethod(w, r) {
			s.fail(w, r, &methodError{r.Method, r.URL.Path})
			return
		}
		s.notFound(w, r, "no such API endpoint: "+r.URL.Path, nil)
	})
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if s.wrongMethod(w, r) {
			s.fail(w, r, &methodError{r.Method, r.URL.Path})
			return
		}
		s.notFound(w, r, "There is no page at "+r.URL.Path+".", nil)
	})
	return s, nil
}

// fallbacks are the patterns that catch every address no route serves.
var fallbacks = map[string]bool{"/": true, "/api/": true}

// wrongMethod reports whether a request that no route took would have
// been served with GET, and then sets the Allow header of the 405 answer:
// every address here answers GET and HEAD only.
func (s *Server) wrongMethod(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return false
	}
	get := r.Clone(r.Context())
	get.Method = http.MethodGet
	if _, pattern := s.mux.Handler(get); fallbacks[pattern] {
		return false
	}
	w.Header().Set("Allow", "GET, HEAD")
	return true
}

// ServeHTTP serves a request with security headers, access logging, a
// time limit and recovery from panics.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	securityHeaders(w.Header())
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
			if !rec.wrote {
				s.answer(rec, r, classify(fmt.Errorf("panic: %v", p)))
			}
		}
		s.log.Info("request", "method", r.Method, "path", r.URL.RequestURI(), "status", rec.status,
			"bytes", rec.bytes, "ms", float64(time.Since(start).Microseconds())/1000)
	}()
	ctx, cancel := context.WithTimeout(r.Context(), s.timeout)
	defer cancel()
	r = r.WithContext(ctx)
	var w2 http.ResponseWriter = rec
	if isAPI(r.URL.Path) {
		if err := s.api.allow(clientOf(r), start); err != nil {
			s.fail(w2, r, err)
			return
		}
	}
	if acceptsGzip(r) {
		gz := &gzipWriter{ResponseWriter: rec}
		defer gz.close()
		w2 = gz
	}
	if r.URL.Path != "/healthz" {
		var done bool
		if r, done = s.cacheable(w2, r); done {
			return
		}
	}
	s.mux.ServeHTTP(w2, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// apiError is the body of every error answer of the API.
type apiError struct {
	Error struct {
		Status     int    `json:"status"`
		Message    string `json:"message"`
		Suggestion string `json:"suggestion,omitempty"`
	} `json:"error"`
}

// writeAPIError answers an API request with an error: its status, a
// message saying what went wrong or what to fix, and, when suggestion is
// not empty, a query to search instead (the plain words of one that
// cannot be parsed). Every error answer of the API is written here, from
// Server.answer.
func writeAPIError(w http.ResponseWriter, status int, msg, suggestion string) {
	var e apiError
	e.Error.Status, e.Error.Message, e.Error.Suggestion = status, msg, suggestion
	writeJSON(w, status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}
