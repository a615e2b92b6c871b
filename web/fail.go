package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

// Every answer that is not what was asked for goes through fail: one
// mapping from errors to statuses, by their type, never by their text.
//
//	not found (chancery.ErrNotFound, notFoundError)                 404
//	a request that cannot be answered as asked (*query.Error,
//	*search.Error, *chancery.BadRequestError)                       400
//	a method other than GET or HEAD (methodError)                   405
//	a client over the API's rate (rateError)                        429, Retry-After
//	the server busy: a costly request's pool and queue full
//	(overloadError, see limit.go)                                   503, Retry-After
//	the store unavailable or overloaded (chancery.ErrUnavailable,
//	a network error), or out of time (context.DeadlineExceeded,
//	or the request's own time spent)                                503, Retry-After
//	anything else                                                   500
//
// Paths under /api/ get the API's JSON error form, every other path a
// page in the site's layout. Only messages written for the client are
// shown: a 400's message says what to fix, a 404's what is missing; the
// text of any other error — which may name a database host, a user, a
// query or a file — is logged, with the request's path, and never sent.

// retryAfter is the Retry-After of a 503 answer, in seconds: about as long
// as a database restart or a burst of load lasts, and as long as /healthz
// keeps its verdict. A 429's says when the client's next request is
// allowed.
const retryAfter = 5

// failure is how an error is answered.
type failure struct {
	status     int
	retry      int     // the Retry-After, in seconds, when not 0
	message    string  // for the client
	suggestion string  // for the API: the plain words of a query that cannot be parsed
	links      []crumb // for a page: pages that may help
}

// notFoundError is something not here, with a message that says what is
// missing and pages that may help. It is chancery.ErrNotFound.
type notFoundError struct {
	msg   string
	links []crumb
}

func (e *notFoundError) Error() string        { return e.msg }
func (e *notFoundError) Is(target error) bool { return target == chancery.ErrNotFound }

// methodError is a request with a method other than GET or HEAD at an
// address that exists.
type methodError struct{ method, path string }

func (e *methodError) Error() string {
	return e.method + " is not allowed on " + e.path + ": it answers GET and HEAD"
}

// suggestingError is a search query that cannot be parsed, with its plain
// words, which the API offers to search instead.
type suggestingError struct {
	err        error
	suggestion string
}

func (e *suggestingError) Error() string { return e.err.Error() }
func (e *suggestingError) Unwrap() error { return e.err }

// notFoundAs returns err as a notFoundError with msg and links when it
// is chancery.ErrNotFound, else err as it is.
func notFoundAs(err error, msg string, links []crumb) error {
	if errors.Is(err, chancery.ErrNotFound) && !unavailable(err) {
		return &notFoundError{msg, links}
	}
	return err
}

// unavailable reports whether err means that the store cannot answer for
// now, and the same request may succeed in a moment.
func unavailable(err error) bool {
	var ne net.Error
	return errors.Is(err, chancery.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, context.Canceled) || errors.As(err, &ne)
}

// classify maps an error to its answer; every 503 carries retryAfter.
func classify(err error) failure {
	f := classifyStatus(err)
	if f.status == http.StatusServiceUnavailable && f.retry == 0 {
		f.retry = retryAfter
	}
	return f
}

func classifyStatus(err error) failure {
	var (
		re *rateError
		oe *overloadError
		me *methodError
		nf *notFoundError
		qe *query.Error
		se *search.Error
		be *chancery.BadRequestError
	)
	switch {
	case errors.As(err, &re):
		return failure{status: http.StatusTooManyRequests, retry: re.retrySeconds(),
			message: fmt.Sprintf("Too many requests from your address: the API answers %g a second. Try again in a moment.", re.rate)}
	case errors.As(err, &oe):
		return failure{status: http.StatusServiceUnavailable, message: "The server is busy. Try again in a moment."}
	case errors.As(err, &me):
		return failure{status: http.StatusMethodNotAllowed, message: me.Error()}
	case errors.As(err, &nf):
		return failure{status: http.StatusNotFound, message: nf.msg, links: nf.links}
	case errors.Is(err, context.DeadlineExceeded):
		return failure{status: http.StatusServiceUnavailable, message: "The request took too long. Try again in a moment."}
	case unavailable(err):
		return failure{status: http.StatusServiceUnavailable, message: "The server cannot answer for now. Try again in a moment."}
	case errors.Is(err, chancery.ErrNotFound):
		return failure{status: http.StatusNotFound, message: "There is nothing here at this address."}
	case errors.As(err, &qe):
		f := failure{status: http.StatusBadRequest, message: queryMessage(qe)}
		var sg *suggestingError
		if errors.As(err, &sg) {
			f.suggestion = sg.suggestion
		}
		return f
	case errors.As(err, &se):
		return failure{status: http.StatusBadRequest, message: se.Msg}
	case errors.As(err, &be):
		return failure{status: http.StatusBadRequest, message: be.Msg}
	}
	return failure{status: http.StatusInternalServerError, message: "The server could not answer this request."}
}

// queryMessage is what a query that cannot be parsed is told: what to
// fix, and where.
func queryMessage(e *query.Error) string {
	if e.Pos >= 0 {
		return fmt.Sprintf("%s (at character %d)", e.Msg, e.Pos+1)
	}
	return e.Msg
}

// fail answers a request that err keeps from being served, as classify
// maps it, and logs the error of a 5xx answer with the request's path.
// A request whose time ran out while it was served failed for that
// reason, whatever error the store gave.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	f := classify(err)
	if f.status >= 500 && f.status != http.StatusServiceUnavailable && errors.Is(r.Context().Err(), context.DeadlineExceeded) {
		f = classify(context.DeadlineExceeded)
	}
	switch {
	case f.status == http.StatusServiceUnavailable:
		s.log.Warn("request failed", "path", r.URL.Path, "status", f.status, "err", err)
	case f.status >= 500:
		s.log.Error("request failed", "path", r.URL.Path, "status", f.status, "err", err)
	}
	s.answer(w, r, f)
}

// isAPI reports whether a path is the JSON API's.
func isAPI(path string) bool { return strings.HasPrefix(path, "/api/") }

// errorTitles head the error pages.
var errorTitles = map[int]string{
	http.StatusBadRequest:          "Bad request",
	http.StatusNotFound:            "Not found",
	http.StatusMethodNotAllowed:    "Method not allowed",
	http.StatusTooManyRequests:     "Too many requests",
	http.StatusInternalServerError: "Server error",
	http.StatusServiceUnavailable:  "Try again in a moment",
}

// answer writes a failure: in the API's JSON error form under /api/, as
// a page elsewhere. A server error, or an answer to ask again later, is
// not cached, and carries no validator that a later request could be
// told is current.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, f failure) {
	h := w.Header()
	h.Del("Content-Disposition")
	if f.status >= 500 || f.retry > 0 {
		h.Del("ETag")
		h.Del("Last-Modified")
		h.Set("Cache-Control", "no-store")
	}
	if f.retry > 0 {
		h.Set("Retry-After", strconv.Itoa(f.retry))
	}
	if isAPI(r.URL.Path) {
		writeAPIError(w, f.status, f.message, f.suggestion)
		return
	}
	// An export's address serves files under another policy; its error
	// page is a page.
	h.Set("Content-Security-Policy", contentPolicy)
	title := errorTitles[f.status]
	if title == "" {
		title = http.StatusText(f.status)
	}
	data := struct {
		page
		Heading, Message string
		Links            []crumb
		Search           bool
	}{page{Title: title}, title, f.message, f.links, f.status == http.StatusNotFound}
	b, err := s.execute("error", data)
	if err != nil {
		s.log.Error("render", "page", "error", "path", r.URL.Path, "err", err)
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(f.status)
		fmt.Fprintf(w, "%d %s\n", f.status, http.StatusText(f.status))
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(f.status)
	w.Write(b)
}

// notFound answers 404 with a page that says what is missing and offers
// pages that may help.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, msg string, links []crumb) {
	s.fail(w, r, &notFoundError{msg, links})
}

// reads collects what the store reads a page makes as it renders — its
// enclosed documents, the list of volumes its links need — fail with,
// so that a page missing a part of itself is not served: the first error
// other than not found.
type reads struct {
	mu  sync.Mutex
	err error
}

func (rs *reads) note(err error) {
	if err == nil || (errors.Is(err, chancery.ErrNotFound) && !unavailable(err)) {
		return
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.err == nil {
		rs.err = err
	}
}

func (rs *reads) failed() error {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return rs.err
}
