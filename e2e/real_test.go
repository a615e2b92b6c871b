package e2e

import (
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/internal/testdb"
	"github.com/chancery-frus/chancery/web"
)

// realReader serves real volumes of the shared corpus and its modern
// excerpts.
func realReader(t *testing.T) *httptest.Server {
	dir := corpus.Dir(t)
	corpus.Modern(t)
	db := testdb.Open(t)
	var files []string
	for _, f := range []string{"frus1870.xml", "frus1872p2v5.xml", "frus1918Russiav03.xml", "frus1919Parisv11.xml", "../modern/frus1961-63v05-excerpt.xml"} {
		files = append(files, filepath.Join(dir, f))
	}
	testdb.Ingest(t, db, files...)
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// TestRealPages opens real documents and divisions at desktop and phone
// widths and checks what a reader sees: nothing scrolls sideways,
// numbered paragraphs use the column, the seed document's title shows its
// number once and its participants in two groups, the embedded CSL-JSON
// parses, and a persons popover opens from the keyboard.
func TestRealPages(t *testing.T) {
	srv := realReader(t)
	pages := []string{
		"frus1961-63v05/d253", "frus1918Russiav03/d87", "frus1872p2v5/d69",
		"frus1919Parisv11/comp1", "frus1870/ch5", "frus1919Parisv11/d1",
	}
	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := session(t, size.width, size.height)
			for _, p := range pages {
				var sideways bool
				err := chromedp.Run(ctx,
					chromedp.Navigate(srv.URL+"/historicaldocuments/"+p),
					chromedp.WaitVisible(`main#main`, chromedp.ByQuery),
					chromedp.Evaluate(`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`, &sideways),
				)
				if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				var overflow string
				chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll(".cite-panel *, .toc, .contents, .crumbs")].filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible").slice(0, 3).map(e => e.tagName + "." + e.className).join(", ")`, &overflow))
				if overflow != "" {
					t.Errorf("%s at %d px: text overflows its box: %s", p, size.width, overflow)
				}
				if sideways {
					var wide string
					chromedp.Run(ctx, chromedp.Evaluate(`(() => { const w = document.documentElement.clientWidth; return [...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 3).map(e => e.tagName + "." + e.className).join(", "); })()`, &wide))
					t.Errorf("%s scrolls sideways at %d px (too wide: %s)", p, size.width, wide)
				}
				shot(t, ctx, "real-"+strings.ReplaceAll(p, "/", "-")+"-"+size.name)
			}

			// A numbered paragraph's text uses most of the column.
			var ratio float64
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+"/historicaldocuments/frus1918Russiav03/d87"),
				chromedp.WaitVisible(`.labeled`, chromedp.ByQuery),
				chromedp.Evaluate(`(() => { const col = document.querySelector("article.document .body").getBoundingClientRect().width; const items = [...document.querySelectorAll(".labeled .item")]; return Math.min(...items.map(i => i.getBoundingClientRect().width)) / col; })()`, &ratio),
			)
			if err != nil {
				t.Fatal(err)
			}
			if ratio < 0.75 {
				t.Errorf("numbered paragraphs of d87 use %.0f %% of the column, want at least 75 %%", ratio*100)
			}

			// The seed document: its number once, its participants in two
			// groups under US and USSR, its CSL-JSON parseable.
			var title string
			var sides []string
			var csl bool
			err = chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+"/historicaldocuments/frus1961-63v05/d253"),
				chromedp.WaitVisible(`#doc-title`, chromedp.ByQuery),
				chromedp.Text(`#doc-title`, &title),
				chromedp.Evaluate(`[...document.querySelectorAll("ul.participants > li.side-group")].map(g => g.querySelector(".side-label").textContent.trim() + ":" + g.querySelectorAll("ul.people > li").length)`, &sides),
				chromedp.Evaluate(`(() => { try { const d = JSON.parse(document.getElementById("csl-json").textContent); return Array.isArray(d) && d[0].URL.endsWith("/frus1961-63v05/d253"); } catch (e) { return false; } })()`, &csl),
			)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Count(title, "253") != 1 || !strings.Contains(title, "Memorandum of Conversation") {
				t.Errorf("d253's title reads %q, want its number once", title)
			}
			if fmt.Sprint(sides) != "[US:5 USSR:4]" {
				t.Errorf("d253's participants are grouped %v, want [US:5 USSR:4]", sides)
			}
			if !csl {
				t.Error("JSON.parse of the embedded CSL-JSON fails")
			}

			// A persons popover opens with the keyboard: Tab to the first
			// person's link, and the popover explains the entry.
			var popover string
			var visible bool
			err = chromedp.Run(ctx,
				chromedp.Evaluate(`(() => { const links = [...document.querySelectorAll("a")]; const first = document.querySelector("ul.participants a.person"); links[links.indexOf(first) - 1].focus(); return true; })()`, nil),
				chromedp.KeyEvent("\t"),
				chromedp.Evaluate(`(() => { const p = document.getElementById("gloss-popover"); return p && !p.hidden; })()`, &visible),
			)
			if err != nil {
				t.Fatal(err)
			}
			if visible {
				chromedp.Run(ctx, chromedp.Text(`#gloss-popover`, &popover))
			}
			if !visible || !strings.Contains(popover, "Thompson, Llewellyn E.") || !strings.Contains(popover, "Ambassador to the Soviet Union") {
				t.Errorf("Tab to a person's link: popover visible %v with %q, want Thompson's entry", visible, popover)
			}
			shot(t, ctx, "real-d253-popover-"+size.name)
			var hidden bool
			err = chromedp.Run(ctx,
				chromedp.KeyEvent("\x1b"),
				chromedp.Evaluate(`document.getElementById("gloss-popover").hidden`, &hidden),
			)
			if err != nil || !hidden {
				t.Errorf("Escape does not close the popover (err %v)", err)
			}
		})
	}
}
