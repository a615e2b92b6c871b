package web

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/storetest"
)

// TestResolvePage: a pasted citation lists the documents it means, linked
// by their titles; a volume not here links to history.state.gov; a
// citation that cannot resolve says why; no citation is told what to
// give, beside the form.
func TestResolvePage(t *testing.T) {
	_, srv := newSearchServer(t)
	cite := "FRUS, 1961–1963, vol. V, Document 253; see Foreign Relations, 1961–1963, vol. XV, pp. 370–376; FRUS, 1961–1963, vol. V, Document 999"
	code, body := getPage(t, srv, "/resolve?cite="+url.QueryEscape(cite))
	for _, want := range []string{
		`<a href="/historicaldocuments/frus1961-63v05/d253">Document 253. Memorandum of Conversation</a>`,
		`frus1961-63v15, pp. 370–376 is not in this library: <a href="https://history.state.gov/historicaldocuments/frus1961-63v15/pg_370">read it on history.state.gov</a>, or add it here with <code>chancery get frus1961-63v15</code>`,
		`Cannot be found: no document 999 in frus1961-63v05.`,
	} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("/resolve: status %d, without %s", code, want)
		}
	}
	if _, body = getPage(t, srv, "/"); !strings.Contains(body, `<a href="/resolve">Find a cited document</a>`) {
		t.Error("the home page does not lead to /resolve")
	}
	if code, body = getPage(t, srv, "/resolve"); code != http.StatusOK || !strings.Contains(body, `<input id="cite" name="cite"`) || strings.Contains(body, `role="alert"`) {
		t.Errorf("/resolve without a citation: status %d", code)
	}
	if code, body = getPage(t, srv, "/resolve?cite="); code != http.StatusBadRequest || !strings.Contains(body, "give a citation to resolve") {
		t.Errorf("/resolve?cite=: status %d", code)
	}
	if code, body = getPage(t, srv, "/resolve?cite=the+weather"); code != http.StatusOK || !strings.Contains(body, "No citation of the") {
		t.Errorf("/resolve with no citation in it: status %d", code)
	}
}

func TestAPIResolve(t *testing.T) {
	_, srv := newSearchServer(t)
	code, body := getPage(t, srv, "/api/v1/resolve?cite="+url.QueryEscape("https://history.state.gov/historicaldocuments/frus1961-63v05/d254"))
	var got struct {
		Input     string `json:"input"`
		Citations []struct {
			Volume    string   `json:"volume"`
			Held      bool     `json:"held"`
			Documents []string `json:"documents"`
		} `json:"citations"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || code != http.StatusOK {
		t.Fatalf("status %d, %v: %s", code, err, body)
	}
	if len(got.Citations) != 1 || got.Citations[0].Volume != "frus1961-63v05" || !got.Citations[0].Held || len(got.Citations[0].Documents) != 1 || got.Citations[0].Documents[0] != "d254" {
		t.Errorf("citations %+v", got.Citations)
	}
	for _, q := range []string{"", "cite=", "cite=" + strings.Repeat("x", maxCite+1), "cite=%FF%FE"} {
		if code, body := getPage(t, srv, "/api/v1/resolve?"+q); code != http.StatusBadRequest || !strings.Contains(body, `"status":400`) {
			t.Errorf("%.30s: status %d, %s", q, code, body)
		}
	}
	if code, body := getPage(t, srv, "/api/v1/resolve?cite=the+weather"); code != http.StatusOK || !strings.Contains(body, `"citations":[]`) {
		t.Errorf("no citation: status %d, %s", code, body)
	}
	// Without the series' list, a volume not here takes the usual
	// spelling of its id; with it, one not in the list is broken.
	cite := "/api/v1/resolve?cite=" + url.QueryEscape("Foreign Relations, 1961–1963, vol. XCIX, p. 1")
	if _, body := getPage(t, srv, cite); !strings.Contains(body, `"volume":"frus1961-63v99"`) {
		t.Errorf("without the list: %s", body)
	}
	db := testdb.Open(t)
	storetest.PutTestVolumes(t, db)
	s, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s.SetVolumeIDs(func(id string) bool { return id == "frus1961-63v05" })
	srv2 := httptest.NewServer(s)
	defer srv2.Close()
	if _, body := getPage(t, srv2, cite); !strings.Contains(body, `"broken":"no volume frus1961-63v99 in the series"`) {
		t.Errorf("with the list: %s", body)
	}
}
