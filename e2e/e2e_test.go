// Package e2e drives the reader in a real headless Chromium: the steps a
// reader takes, with screenshots at desktop and phone widths kept in
// e2e/artifacts (or $CHANCERY_ARTIFACTS) for people to look at.
package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/storetest"
	"github.com/chancery-frus/chancery/web"
)

// browser finds Chromium; tests skip without it, except under CI.
func browser(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium: .ci/run installs Debian's chromium")
	}
	t.Skip("no Chromium on this machine (apt-get install chromium)")
	return ""
}

func artifacts(t *testing.T) string {
	dir := os.Getenv("CHANCERY_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// reader serves the test volumes.
func reader(t *testing.T) *httptest.Server {
	db := testdb.Open(t) // SQLite, or PostgreSQL with CHANCERY_TEST_BACKEND=postgres
	storetest.PutTestVolumes(t, db)
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// session starts a headless Chromium of the given window size.
func session(t *testing.T, width, height int) context.Context {
	// Chromium may still write to its profile while it exits: remove it
	// after the browser is gone, not with t.TempDir.
	profile, err := os.MkdirTemp("", "chancery-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelC()
		cancelB()
		cancelA()
		os.RemoveAll(profile)
	})
	// Headless windows are at least 500 px wide: narrower widths, such as
	// a phone's, are emulated.
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func shot(t *testing.T, ctx context.Context, name string) {
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(artifacts(t), name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReading follows a reader: a volume, a document, a footnote and back,
// a page, the Cite panel.
func TestReading(t *testing.T) {
	srv := reader(t)
	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := session(t, size.width, size.height)
			var title, hash, noteText, h1 string
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+"/historicaldocuments/frus1961-63v05"),
				chromedp.WaitVisible(`nav.toc`),
				chromedp.Title(&title),
			)
			if err != nil || !strings.Contains(title, "Soviet Union") {
				t.Fatalf("volume page: %q, %v", title, err)
			}
			shot(t, ctx, size.name+"-volume")
			err = chromedp.Run(ctx,
				chromedp.Click(`a[href="/historicaldocuments/frus1961-63v05/d253"]`, chromedp.NodeVisible),
				chromedp.WaitVisible(`#doc-title`),
				chromedp.Text(`#doc-title`, &h1),
			)
			if err != nil || !strings.Contains(h1, "Memorandum of Conversation") {
				t.Fatalf("document: %q, %v", h1, err)
			}
			shot(t, ctx, size.name+"-document")
			// Follow footnote 2 and come back.
			err = chromedp.Run(ctx,
				chromedp.Click(`#ref-d253fn2`, chromedp.NodeVisible),
				chromedp.Evaluate(`location.hash`, &hash),
				chromedp.Text(`#d253fn2`, &noteText),
			)
			if err != nil || hash != "#d253fn2" || !strings.Contains(noteText, "Foreign Relations") {
				t.Fatalf("footnote: hash %q, note %q, %v", hash, noteText, err)
			}
			shot(t, ctx, size.name+"-footnote")
			err = chromedp.Run(ctx,
				chromedp.Click(`#d253fn2 .num a`, chromedp.NodeVisible),
				chromedp.Evaluate(`location.hash`, &hash),
			)
			if err != nil || hash != "#ref-d253fn2" {
				t.Fatalf("back from the footnote: %q, %v", hash, err)
			}
			// Jump to a page by its address.
			var url string
			var onPage bool
			err = chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+"/historicaldocuments/frus1961-63v05/pg_534"),
				chromedp.WaitVisible(`#pg_534`),
				chromedp.Location(&url),
				chromedp.Evaluate(`document.querySelector('#pg_534').matches(':target')`, &onPage),
			)
			if err != nil || !strings.HasSuffix(url, "/d253#pg_534") || !onPage {
				t.Fatalf("page: %s (target %v), %v", url, onPage, err)
			}
			// The Cite panel.
			var chicago string
			var downloads int
			err = chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+"/historicaldocuments/frus1961-63v05/d253"),
				chromedp.ScrollIntoView(`.cite-panel`),
				chromedp.Text(`.cite-panel .chicago`, &chicago, chromedp.NodeVisible),
				chromedp.Click(`.cite-panel details summary`, chromedp.NodeVisible),
				chromedp.Evaluate(`[...document.querySelectorAll('.cite-panel details[open] a')].filter(a => a.offsetParent !== null).length`, &downloads),
			)
			if err != nil || !strings.Contains(chicago, "Document 253") || downloads < 5 {
				t.Fatalf("cite panel: %q, %d downloads, %v", chicago, downloads, err)
			}
			shot(t, ctx, size.name+"-cite")
		})
	}
}

// TestSearching searches, narrows with a facet, then with dates.
func TestSearching(t *testing.T) {
	srv := reader(t)
	ctx := session(t, 1280, 900)
	var heading string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.SendKeys(`#q-home`, "Gromyko", chromedp.NodeVisible),
		chromedp.Submit(`#q-home`),
	)
	if err == nil {
		err = waitURL(ctx, "/search?q=Gromyko")
	}
	if err == nil {
		err = chromedp.Run(ctx, chromedp.WaitVisible(`#results-h`), chromedp.Text(`#results-h`, &heading))
	}
	if err != nil || heading != "4 documents" {
		t.Fatalf("search: %q, %v", heading, err)
	}
	shot(t, ctx, "desktop-search")
	// A facet: the telegrams.
	err = chromedp.Run(ctx, chromedp.Click(`.facets a[href*="type=telegram"]`, chromedp.NodeVisible))
	if err == nil {
		err = waitURL(ctx, "type=telegram")
	}
	if err == nil {
		err = chromedp.Run(ctx, chromedp.WaitVisible(`#results-h`), chromedp.Text(`#results-h`, &heading))
	}
	if err != nil || heading != "1 document" {
		t.Fatalf("type facet: %q, %v", heading, err)
	}
	// A date filter typed into the form.
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/search?q=Gromyko"),
		chromedp.SendKeys(`input[name="start-date"]`, "1962-10-20", chromedp.NodeVisible),
		chromedp.SendKeys(`input[name="end-date"]`, "1962-10-21", chromedp.NodeVisible),
		chromedp.Submit(`#q`),
	)
	if err == nil {
		err = waitURL(ctx, "end-date=1962-10-21")
	}
	if err == nil {
		err = chromedp.Run(ctx, chromedp.WaitVisible(`#results-h`), chromedp.Text(`#results-h`, &heading))
	}
	if err != nil || heading != "1 document" {
		t.Fatalf("date filter: %q, %v", heading, err)
	}
	shot(t, ctx, "desktop-search-filtered")
}

// waitURL waits until the page's address holds part: a submitted form or
// a followed link has loaded.
func waitURL(ctx context.Context, part string) error {
	for {
		var url string
		if err := chromedp.Run(ctx, chromedp.Location(&url)); err == nil && strings.Contains(url, part) {
			return chromedp.Run(ctx, chromedp.WaitReady("body"))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
