package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/storetest"
	"github.com/chancery-frus/chancery/web"
)

// newServer serves the test volumes, and any extra volume files.
func newServer(t *testing.T, extra ...string) *httptest.Server {
	t.Helper()
	db := testdb.Open(t) // SQLite, or PostgreSQL with CHANCERY_TEST_BACKEND=postgres
	storetest.PutTestVolumes(t, db)
	for _, file := range extra {
		v, err := ingest.DecodeFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.PutVolume(context.Background(), v); err != nil {
			t.Fatal(err)
		}
	}
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

type apiAnswer struct {
	Total   int
	Start   int
	PerPage int
	Hits    []struct {
		Volume, Document, Title, URL string
		Snippet                      []chancery.SnippetPart
	}
	Facets *chancery.Facets
	Error  *struct {
		Status  int
		Message string
	}
}

func get(t *testing.T, srv *httptest.Server, path string) (int, apiAnswer) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	var a apiAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return resp.StatusCode, a
}

func TestAPISearch(t *testing.T) {
	srv := newServer(t)
	code, a := get(t, srv, "/api/v1/search?q=Gromyko&per-page=2&start=2")
	if code != 200 || a.Total != 4 || a.Start != 2 || a.PerPage != 2 || len(a.Hits) != 2 {
		t.Fatalf("status %d, answer %+v", code, a)
	}
	if a.Hits[0].URL != "/historicaldocuments/"+a.Hits[0].Volume+"/"+a.Hits[0].Document || a.Facets == nil {
		t.Errorf("hit %+v, facets %v", a.Hits[0], a.Facets)
	}
	code, a = get(t, srv, "/api/v1/search?"+url.Values{
		"q": {"Gromyko"}, "volume-id": {"frus1961-63v05"}, "start-date": {"1962-10-19"}, "end-date": {"1962-10-19"},
		"sort-by": {"date-asc"}, "facets": {"false"},
	}.Encode())
	if code != 200 || a.Total != 1 || a.Hits[0].Document != "d254" || a.Facets != nil {
		t.Errorf("filtered: status %d, %+v", code, a)
	}
	code, a = get(t, srv, "/api/v1/search?q=Gromyko&type=telegram&kind=historical")
	if code != 200 || a.Total != 1 {
		t.Errorf("type filter: status %d, total %d", code, a.Total)
	}
}

// TestAPISearchBadInput: every input gives results or a 400 with a
// message, never a server error.
func TestAPISearchBadInput(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		query  url.Values
		status int
		msg    string
	}{
		{url.Values{"q": {`! + " ( ) / \ : - { } [ ] ~ * ?`}}, 400, "never closed"},
		{url.Values{"q": {`! + ( ) / \ : - { } [ ] ~ ? Gromyko`}}, 200, ""},
		{url.Values{"q": {strings.Repeat("x", 10000)}}, 400, "at most 1000"},
		{url.Values{"q": {"bad \xff"}}, 400, "UTF-8"},
		{url.Values{"q": {""}}, 400, "no query"},
		{url.Values{"q": {"Cuba"}, "start-date": {"October"}}, 400, "start date"},
		{url.Values{"q": {"Cuba"}, "start-date": {"1963"}, "end-date": {"1962"}}, 400, "ends"},
		{url.Values{"q": {"Cuba"}, "sort-by": {"random"}}, 400, "sort"},
		{url.Values{"q": {"Cuba"}, "per-page": {"many"}}, 400, "per-page"},
		{url.Values{"q": {"Cuba"}, "per-page": {"5000"}}, 400, "0 to 1000"},
		{url.Values{"q": {"Cuba"}, "start": {"0"}}, 400, "start"},
		{url.Values{"q": {"Cuba"}, "type": {"poem"}}, 400, "the types are"},
		{url.Values{"q": {"-Cuba"}}, 400, "at least one word"},
	}
	for _, tt := range tests {
		code, a := get(t, srv, "/api/v1/search?"+tt.query.Encode())
		if code != tt.status {
			t.Errorf("%v: status %d, want %d (%+v)", tt.query, code, tt.status, a.Error)
			continue
		}
		if tt.msg != "" && (a.Error == nil || a.Error.Status != code || !strings.Contains(a.Error.Message, tt.msg)) {
			t.Errorf("%v: error %+v, want it to say %q", tt.query, a.Error, tt.msg)
		}
	}
	if code, a := get(t, srv, "/api/v1/nothing"); code != 404 || a.Error == nil {
		t.Errorf("unknown endpoint: %d %+v", code, a)
	}
}

func TestAPICorpus(t *testing.T) {
	srv := newServer(t)
	for _, tt := range []struct {
		path   string
		status int
		want   string
	}{
		{"/api/v1/volumes", 200, `"id":"frus1961-63v05"`},
		{"/api/v1/volumes/frus1961-63v05", 200, `"volumeNumber":"Volume V"`},
		{"/api/v1/volumes/frus1961-63v05/toc", 200, `"url":"/historicaldocuments/frus1961-63v05/d253"`},
		{"/api/v1/volumes/frus1961-63v05/persons", 200, `"id":"p_GAA1"`},
		{"/api/v1/volumes/frus1961-63v05/terms", 200, `"id":"t_USSR1"`},
		{"/api/v1/volumes/frus1961-63v05/documents/d253", 200, `"title":"Memorandum of Conversation"`},
		{"/api/v1/volumes/frus1961-63v05/documents/d999", 404, `"status":404`},
		{"/api/v1/volumes/frus1900nope/toc", 404, `"status":404`},
		{"/api/v1/openapi.json", 200, `"openapi": "3.1.0"`},
	} {
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s: status %d, body lacks %s", tt.path, resp.StatusCode, tt.want)
		}
		if !json.Valid(body) {
			t.Errorf("%s: not JSON", tt.path)
		}
	}
}
