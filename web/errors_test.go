package web_test

import (
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/storetest"
	"github.com/chancery-frus/chancery/web"
)

// faultyStore is the test volumes in a real store that fails on demand.
func faultyStore(t *testing.T) *testdb.Faulty {
	t.Helper()
	db := testdb.Open(t) // SQLite, or PostgreSQL with CHANCERY_TEST_BACKEND=postgres
	storetest.PutTestVolumes(t, db)
	return testdb.NewFaulty(db)
}

// answerOf answers one request from a new server over store — its caches
// empty, so that it reads what it needs from the store — and returns the
// answer and what the server logged.
func answerOf(t *testing.T, store *testdb.Faulty, path string) (*httptest.ResponseRecorder, string) {
	t.Helper()
	var logs syncBuffer
	h, err := web.New(store, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec, logs.String()
}

// secrets are what a failing store's errors carry (testdb.Secret, a
// statement, a file's state) and no answer may show. The port is sought
// with its colon: its digits alone turn up by chance in an ETag, which
// holds the corpus generation (a time in nanoseconds).
var secrets = []string{"10.0.0.5", ":5432", "hunter2", "password", "user=", "SELECT", "disk image"}

// TestFailures requests every kind of page and API endpoint while one
// method of the store fails, with each kind of error, and checks the
// answer: the status the error maps to (404 not found, 400 bad request,
// 503 unavailable or out of time, with Retry-After, 500 anything else), a
// page in the site's layout or the API's JSON error form by address, a
// server error that is neither cached nor validated, the failure logged
// once with its path, and no answer showing what the store's error says.
func TestFailures(t *testing.T) {
	store := faultyStore(t)
	const (
		page = iota
		api
		health
	)
	routes := []struct {
		path   string
		form   int
		status int             // when the store answers
		uses   []testdb.Method // what the path reads from the store
		// extra are reads whose not found leaves something out, no
		// failure: the list of volumes that tells which links stay here.
		extra []testdb.Method
	}{
		{"/", page, 200, []testdb.Method{testdb.Generation, testdb.Volumes}, nil},
		{"/historicaldocuments", page, 200, []testdb.Method{testdb.Generation, testdb.Volumes}, nil},
		{"/historicaldocuments/kennedy", page, 302, []testdb.Method{testdb.Generation, testdb.Volumes}, nil},
		{"/historicaldocuments/frus1961-63v05", page, 200, []testdb.Method{testdb.Generation, testdb.Volume}, nil},
		{"/historicaldocuments/frus1961-63v05/d253", page, 200, []testdb.Method{testdb.Generation, testdb.Volume, testdb.Locate, testdb.Document, testdb.Volumes}, []testdb.Method{testdb.Volumes}},
		// Marking a search's words is left out when the store cannot tell them.
		{"/historicaldocuments/frus1961-63v05/d253?q=Gromyko", page, 200, []testdb.Method{testdb.Generation, testdb.Volume, testdb.Locate, testdb.Document, testdb.Volumes}, []testdb.Method{testdb.Volumes}},
		{"/historicaldocuments/frus1961-63v05/pg_534", page, 302, []testdb.Method{testdb.Generation, testdb.Volume, testdb.Locate}, nil},
		{"/historicaldocuments/frus1961-63v05/ch1", page, 200, []testdb.Method{testdb.Generation, testdb.Volume, testdb.Volumes}, []testdb.Method{testdb.Volumes}},
		{"/search?q=Gromyko", page, 200, []testdb.Method{testdb.Search}, nil},
		{"/search?start-date=1866&end-date=1866", page, 200, []testdb.Method{testdb.Search}, nil},
		{"/historicaldocuments/frus1961-63v05/d253/cite/bibtex", page, 200, []testdb.Method{testdb.Generation, testdb.Volume, testdb.Document}, nil},
		{"/historicaldocuments/frus1961-63v05/d253/export/text", page, 200, []testdb.Method{testdb.Generation, testdb.Volume, testdb.Document, testdb.Volumes}, []testdb.Method{testdb.Volumes}},
		{"/historicaldocuments/frus1961-63v05/d253/export/html", page, 200, []testdb.Method{testdb.Generation, testdb.Volume, testdb.Document, testdb.Volumes}, []testdb.Method{testdb.Volumes}},
		{"/api/v1/volumes", api, 200, []testdb.Method{testdb.Generation, testdb.Volumes}, nil},
		{"/api/v1/volumes/frus1961-63v05", api, 200, []testdb.Method{testdb.Generation, testdb.Volume}, nil},
		{"/api/v1/volumes/frus1961-63v05/toc", api, 200, []testdb.Method{testdb.Generation, testdb.Volume}, nil},
		{"/api/v1/volumes/frus1961-63v05/persons", api, 200, []testdb.Method{testdb.Generation, testdb.Volume}, nil},
		{"/api/v1/volumes/frus1961-63v05/terms", api, 200, []testdb.Method{testdb.Generation, testdb.Volume}, nil},
		{"/api/v1/volumes/frus1961-63v05/documents/d253", api, 200, []testdb.Method{testdb.Document}, nil},
		{"/api/v1/search?q=Gromyko", api, 200, []testdb.Method{testdb.Search}, nil},
		{"/api/v1/openapi.json", api, 200, nil, nil},
		{"/healthz", health, 200, []testdb.Method{testdb.Generation, testdb.Volumes, testdb.Volume, testdb.Document, testdb.Search, testdb.Ping}, nil},
	}
	kinds := []struct {
		name   string
		err    error
		status int
	}{
		{"not found", testdb.ErrNotFound, 404},
		{"bad request", testdb.ErrBadRequest, 400},
		{"unavailable", testdb.ErrUnavailable, 503},
		{"deadline", testdb.ErrDeadline, 503},
		{"internal", testdb.ErrInternal, 500},
	}
	methods := []testdb.Method{testdb.Generation, testdb.Volumes, testdb.Volume, testdb.Document, testdb.Locate,
		testdb.Search, testdb.Highlight, testdb.Ping}
	for _, m := range methods {
		for _, k := range kinds {
			store.Heal()
			store.Fail(m, k.err)
			for _, rt := range routes {
				rec, logs := answerOf(t, store, rt.path)
				name := string(m) + " " + k.name + ": " + rt.path
				want := rt.status
				if slices.Contains(rt.uses, m) {
					want = k.status
					if k.status == 404 && slices.Contains(rt.extra, m) {
						want = rt.status
					}
					if rt.form == health {
						// Healthy or not; a volume or document removed
						// since it was listed is no failure.
						want = 503
						if k.status == 404 && (m == testdb.Volume || m == testdb.Document) {
							want = 200
						}
					}
				}
				checkAnswer(t, name, rec, want, rt.form == api, rt.form == health)
				if rt.form != health && want >= 500 {
					if n := strings.Count(logs, `msg="request failed"`); n != 1 || !strings.Contains(logs, "path="+strings.SplitN(rt.path, "?", 2)[0]+" ") || !strings.Contains(logs, testdb.Secret) {
						t.Errorf("%s: the failure is logged %d times, want once with its path and detail:\n%s", name, n, logs)
					}
				}
				if want == 400 && rt.form != health && !strings.Contains(rec.Body.String(), testdb.BadRequestMessage) {
					t.Errorf("%s: the answer does not say what the store could not do:\n%s", name, rec.Body.String())
				}
			}
		}
	}
}

// checkAnswer checks an answer's status and form: a 503 has Retry-After,
// a server error is neither cached nor validated, an error under /api/ is
// the API's JSON error form and elsewhere a page in the site's layout;
// /healthz answers its own JSON; nothing shows a secret.
func checkAnswer(t *testing.T, name string, rec *httptest.ResponseRecorder, status int, api, health bool) {
	t.Helper()
	body := rec.Body.String()
	if rec.Code != status {
		t.Errorf("%s: status %d, want %d", name, rec.Code, status)
		return
	}
	for _, s := range secrets {
		if strings.Contains(body, s) {
			t.Errorf("%s: the answer shows %q:\n%s", name, s, body)
		}
		for h, vs := range rec.Header() {
			for _, v := range vs {
				if strings.Contains(v, s) {
					t.Errorf("%s: header %s shows %q", name, h, s)
				}
			}
		}
	}
	if retry := rec.Header().Get("Retry-After"); (status == 503) != (retry != "") {
		t.Errorf("%s: status %d with Retry-After %q", name, status, retry)
	}
	ct := rec.Header().Get("Content-Type")
	if health {
		var h struct{ Status string }
		want := map[int]string{200: "ok", 503: "unavailable"}[status]
		if err := json.Unmarshal([]byte(body), &h); err != nil || h.Status != want || !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: %s %q, want {\"status\":%q}", name, ct, body, want)
		}
		return
	}
	if status < 400 {
		return
	}
	if status >= 500 {
		if rec.Header().Get("ETag") != "" || rec.Header().Get("Last-Modified") != "" || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: a server error with ETag %q, Last-Modified %q, Cache-Control %q", name,
				rec.Header().Get("ETag"), rec.Header().Get("Last-Modified"), rec.Header().Get("Cache-Control"))
		}
	}
	if api {
		var e struct {
			Error struct {
				Status  int
				Message string
			}
		}
		if !strings.HasPrefix(ct, "application/json") || json.Unmarshal([]byte(body), &e) != nil || e.Error.Status != status || e.Error.Message == "" {
			t.Errorf("%s: not the API's error form: %s %q", name, ct, body)
		}
		return
	}
	if !strings.HasPrefix(ct, "text/html") || !strings.Contains(body, `<main id="main">`) || !strings.Contains(body, "<h1>") || !strings.Contains(body, `<header class="site">`) {
		t.Errorf("%s: not a page in the site's layout: %s %q", name, ct, body)
	}
	if rec.Header().Get("Content-Disposition") != "" {
		t.Errorf("%s: an error page served as a file (%s)", name, rec.Header().Get("Content-Disposition"))
	}
}

// TestPartialFailures: a page or an export whose enclosed document the
// store fails to read is a server error, not a page without it; not
// found, it is left out as before.
func TestPartialFailures(t *testing.T) {
	store := faultyStore(t)
	for _, tt := range []struct {
		err    error
		status int
	}{
		{nil, 200},
		{testdb.ErrNotFound, 200},
		{testdb.ErrInternal, 500},
		{testdb.ErrUnavailable, 503},
		{testdb.ErrDeadline, 503},
	} {
		store.Heal()
		store.FailFor(testdb.Document, "d4a", tt.err) // the enclosure of frus1866p1/d4
		for _, path := range []string{"/historicaldocuments/frus1866p1/d4", "/historicaldocuments/frus1866p1/d4/export/text", "/historicaldocuments/frus1866p1/d4/export/html"} {
			rec, _ := answerOf(t, store, path)
			checkAnswer(t, path+" ("+errName(tt.err)+")", rec, tt.status, false, false)
			if tt.err == nil && !strings.Contains(rec.Body.String(), "Drouyn de Lhuys") {
				t.Errorf("%s: the enclosure is missing", path)
			}
		}
	}
}

func errName(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}

// TestHealthz: /healthz is healthy over a store that answers, empty or
// not, and unavailable (503, Retry-After) while it cannot read a document
// or search — a damaged index — saying nothing of why.
func TestHealthz(t *testing.T) {
	empty := testdb.NewFaulty(testdb.Open(t))
	rec, _ := answerOf(t, empty, "/healthz")
	checkAnswer(t, "an empty store", rec, 200, false, true)
	if empty.Calls(testdb.Search) != 0 || empty.Calls(testdb.Volumes) != 1 {
		t.Errorf("an empty store: %d searches, %d lists of volumes; want none and one", empty.Calls(testdb.Search), empty.Calls(testdb.Volumes))
	}

	store := faultyStore(t)
	rec, _ = answerOf(t, store, "/healthz")
	checkAnswer(t, "a store that answers", rec, 200, false, true)
	if store.Calls(testdb.Document) != 1 || store.Calls(testdb.Search) != 1 {
		t.Errorf("%d documents read, %d searches; want one of each", store.Calls(testdb.Document), store.Calls(testdb.Search))
	}
	store.Fail(testdb.Search, testdb.ErrInternal)
	rec, logs := answerOf(t, store, "/healthz")
	checkAnswer(t, "a damaged index", rec, 503, false, true)
	if !strings.Contains(logs, "health check failed") || !strings.Contains(logs, testdb.Secret) {
		t.Errorf("the failure is not logged with its detail:\n%s", logs)
	}
	// And the searches fail, as /healthz said.
	rec, _ = answerOf(t, store, "/api/v1/search?q=Gromyko")
	checkAnswer(t, "a search", rec, 500, true, false)
}
