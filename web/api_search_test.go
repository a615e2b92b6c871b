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
		Status     int
		Message    string
		Suggestion *string
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
// message, never a server error. A query that cannot be parsed is
// answered with its plain words too, as a query to search instead; an
// error that is not the query's has no suggestion.
func TestAPISearchBadInput(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		query      url.Values
		status     int
		msg        string
		suggestion string // "" when the answer must have none
	}{
		{url.Values{"q": {`"test ban`}}, 400, "this quotation mark is never closed", "test ban"},
		{url.Values{"q": {"Khrushchev AND"}}, 400, "AND needs words on both sides", "Khrushchev"},
		{url.Values{"q": {"title:(Cuba"}, "start-date": {"1962"}}, 400, "never closed", "Cuba"},
		{url.Values{"q": {"Berlin -(Cuba"}}, 400, "never closed", "Berlin"},
		{url.Values{"q": {`! + " ( ) / \ : - { } [ ] ~ * ?`}}, 400, "never closed", ""},
		{url.Values{"q": {`! + ( ) / \ : - { } [ ] ~ ? Gromyko`}}, 200, "", ""},
		{url.Values{"q": {strings.Repeat("x", 10000)}}, 400, "at most 1000", ""},
		{url.Values{"q": {"bad \xff"}}, 400, "UTF-8", "bad"},
		{url.Values{"q": {""}}, 400, "no query", ""},
		{url.Values{"q": {"Cuba"}, "start-date": {"October"}}, 400, "start date", ""},
		{url.Values{"q": {"Cuba"}, "start-date": {"1963"}, "end-date": {"1962"}}, 400, "ends", ""},
		{url.Values{"q": {"Cuba"}, "sort-by": {"random"}}, 400, "sort", ""},
		{url.Values{"q": {"Cuba"}, "per-page": {"many"}}, 400, "per-page", ""},
		{url.Values{"q": {"Cuba"}, "per-page": {"5000"}}, 400, "0 to 1000", ""},
		{url.Values{"q": {"Cuba"}, "start": {"0"}}, 400, "start", ""},
		{url.Values{"q": {"Cuba"}, "type": {"poem"}}, 400, "the types are", ""},
		{url.Values{"q": {"-Cuba"}}, 400, "at least one word", ""},
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
		if a.Error == nil {
			continue
		}
		switch s := a.Error.Suggestion; {
		case tt.suggestion == "" && s != nil:
			t.Errorf("%v: suggestion %q, want none", tt.query, *s)
		case tt.suggestion != "" && (s == nil || *s != tt.suggestion):
			t.Errorf("%v: suggestion %v, want %q", tt.query, s, tt.suggestion)
		}
	}
	// The suggestion is a query that runs: its answer is the results of
	// the plain words.
	code, a := get(t, srv, "/api/v1/search?"+url.Values{"q": {"Gromyko AND"}}.Encode())
	if code != 400 || a.Error == nil || a.Error.Suggestion == nil {
		t.Fatalf("Gromyko AND: status %d, error %+v", code, a.Error)
	}
	code, b := get(t, srv, "/api/v1/search?"+url.Values{"q": {*a.Error.Suggestion}}.Encode())
	if code != 200 || b.Total != 4 {
		t.Errorf("the suggestion %q: status %d, total %d, want 200 and the 4 documents that mention Gromyko", *a.Error.Suggestion, code, b.Total)
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

// TestOpenAPIDescribesAnswers: the API's description (openapi.json) has
// the fields its answers carry — an error's suggestion, a volume's
// anchors — and says q may be left out of a search.
func TestOpenAPIDescribesAnswers(t *testing.T) {
	srv := newServer(t, anchorsVolume)
	body := func(path string) []byte {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var spec struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name     string
				Required bool
			}
		}
		Components struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema struct {
						Properties map[string]struct {
							Properties map[string]any
						}
					}
				}
			}
			Schemas map[string]struct {
				Properties map[string]struct {
					Items struct {
						Properties map[string]any
					}
				}
			}
		}
	}
	if err := json.Unmarshal(body("/api/v1/openapi.json"), &spec); err != nil {
		t.Fatal(err)
	}
	errorFields := spec.Components.Responses["Error"].Content["application/json"].Schema.Properties["error"].Properties
	anchorFields := spec.Components.Schemas["Volume"].Properties["anchors"].Items.Properties
	tests := []struct {
		name     string
		path     string
		pick     func(answer map[string]any) any // the object the schema describes
		schema   map[string]any
		wantKeys []string // keys the answer must have
	}{
		{"an error", "/api/v1/nothing", func(a map[string]any) any { return a["error"] }, errorFields, []string{"status", "message"}},
		{"a query that cannot be parsed", "/api/v1/search?q=%22test+ban", func(a map[string]any) any { return a["error"] }, errorFields, []string{"status", "message", "suggestion"}},
		{"a volume's anchor", "/api/v1/volumes/frus1925anchors", func(a map[string]any) any {
			if list, ok := a["anchors"].([]any); ok && len(list) > 0 {
				return list[0]
			}
			return nil
		}, anchorFields, []string{"id", "in"}},
	}
	for _, tt := range tests {
		var answer map[string]any
		if err := json.Unmarshal(body(tt.path), &answer); err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		obj, ok := tt.pick(answer).(map[string]any)
		if !ok {
			t.Errorf("%s (%s): no object in %v", tt.name, tt.path, answer)
			continue
		}
		for _, k := range tt.wantKeys {
			if _, ok := obj[k]; !ok {
				t.Errorf("%s (%s): answer lacks %q: %v", tt.name, tt.path, k, obj)
			}
		}
		for k := range obj {
			if _, ok := tt.schema[k]; !ok {
				t.Errorf("%s (%s): openapi.json does not describe %q", tt.name, tt.path, k)
			}
		}
	}
	for _, p := range spec.Paths["/api/v1/search"]["get"].Parameters {
		if p.Name == "q" && p.Required {
			t.Errorf("openapi.json: q is required, but filters alone are a search")
		}
	}
	if code, a := get(t, srv, "/api/v1/search?start-date=1962-10&end-date=1962-10"); code != 200 || a.Total == 0 {
		t.Errorf("a search without q: status %d, total %d", code, a.Total)
	}
}
