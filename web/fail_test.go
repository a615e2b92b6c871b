package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
	"github.com/chancery-frus/chancery/storetest"
)

// TestClassify: errors map to statuses by their type, wherever they
// stand in a chain of wrapped errors, never by their text.
func TestClassify(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("read volume frus1961-63v05: %w", err) }
	tests := []struct {
		name   string
		err    error
		status int
		msg    string // the message shown, when it is the error's own
	}{
		{"not found", chancery.ErrNotFound, 404, ""},
		{"not found, wrapped", wrap(chancery.ErrNotFound), 404, ""},
		{"not found, with what is missing", &notFoundError{msg: "There is no volume frus1900x here."}, 404, "There is no volume frus1900x here."},
		{"a query that cannot be parsed", wrap(&query.Error{Pos: 4, Msg: "this ( is never closed: add a )"}), 400, "this ( is never closed: add a ) (at character 5)"},
		{"a query error without a place", &query.Error{Pos: -1, Msg: "the query has no words to search for"}, 400, "the query has no words to search for"},
		{"a search parameter", wrap(&search.Error{Msg: `sort "random": use relevance, date-asc or date-desc`}), 400, `sort "random": use relevance, date-asc or date-desc`},
		{"a bad request", wrap(chancery.BadRequestf("part %q: give a number", "x")), 400, `part "x": give a number`},
		{"a method", &methodError{"POST", "/search"}, 405, "POST is not allowed on /search: it answers GET and HEAD"},
		{"unavailable", chancery.Unavailable(errors.New("dial tcp 10.0.0.5:5432")), 503, ""},
		{"unavailable, wrapped", wrap(chancery.ErrUnavailable), 503, ""},
		{"out of time", wrap(context.DeadlineExceeded), 503, ""},
		{"canceled", wrap(context.Canceled), 503, ""},
		{"a network error", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}), 503, ""},
		{"unavailable, though not found", chancery.Unavailable(chancery.ErrNotFound), 503, ""},
		{"over the API's rate", wrap(&rateError{rate: 2, retry: 1500 * time.Millisecond}), 429, ""},
		{"overloaded", wrap(&overloadError{"search", 2}), 503, "The server is busy. Try again in a moment."},
		{"anything else", errors.New("database disk image is malformed"), 500, ""},
		// The text of an error says nothing of its kind.
		{"a text like a query error's", errors.New("query: this ( is never closed"), 500, ""},
		{"a text like a search error's", errors.New("no query: give words to search for"), 500, ""},
		{"a text like not found's", errors.New("not found"), 500, ""},
	}
	for _, tt := range tests {
		f := classify(tt.err)
		if f.status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, f.status, tt.status)
		}
		if tt.msg != "" && f.message != tt.msg {
			t.Errorf("%s: message %q, want %q", tt.name, f.message, tt.msg)
		}
		if tt.msg == "" && f.message == tt.err.Error() {
			t.Errorf("%s: the error's own text %q is shown", tt.name, f.message)
		}
	}
}

// TestRetryAfter: every 503 says to ask again in retryAfter seconds, a
// 429 when the client's next request is allowed; no other answer says so.
func TestRetryAfter(t *testing.T) {
	tests := []struct {
		err   error
		retry int
	}{
		{&overloadError{"render", 1}, retryAfter},
		{chancery.ErrUnavailable, retryAfter},
		{context.DeadlineExceeded, retryAfter},
		{&rateError{rate: 1, retry: 300 * time.Millisecond}, 1},
		{&rateError{rate: 0.1, retry: 9500 * time.Millisecond}, 10},
		{chancery.ErrNotFound, 0},
		{errors.New("malformed"), 0},
	}
	for _, tt := range tests {
		if got := classify(tt.err).retry; got != tt.retry {
			t.Errorf("%v: Retry-After %d, want %d", tt.err, got, tt.retry)
		}
	}
}

// TestPanicAnswers: a handler that panics is answered 500, as a page or
// in the API's error form, without what the panic said.
func TestPanicAnswers(t *testing.T) {
	db := testdb.Open(t)
	storetest.PutTestVolumes(t, db)
	var logs strings.Builder
	s, err := New(&panicking{db}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, contentType string }{
		{"/", "text/html"},
		{"/api/v1/volumes", "application/json"},
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
		if rec.Code != 500 || !strings.HasPrefix(rec.Header().Get("Content-Type"), tt.contentType) || strings.Contains(rec.Body.String(), testdb.Secret) {
			t.Errorf("%s: %d %s %q, want 500 %s without the panic's text", tt.path, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String(), tt.contentType)
		}
	}
	if !strings.Contains(logs.String(), "panic") || !strings.Contains(logs.String(), testdb.Secret) {
		t.Errorf("the panic is not logged:\n%s", logs.String())
	}
}

// panicking is a real store whose Volumes panics.
type panicking struct{ chancery.Store }

func (p *panicking) Volumes(context.Context) ([]chancery.VolumeStats, error) { panic(testdb.Secret) }
