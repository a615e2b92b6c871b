// Package resolve answers a pasted citation with the documents it means:
// citations of the series in plain words (package citation) and
// history.state.gov addresses, each mapped to its volume and, when the
// volume is stored here, to its documents — by number, by id, or by
// pages through the volume's page map (package pagemap). A volume not
// stored here is named with its address on history.state.gov.
package resolve

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/citation"
	"github.com/chancery-frus/chancery/pagemap"
)

// Resolver resolves citations against a store.
type Resolver struct {
	store chancery.Store
	known func(string) bool
	mu    sync.Mutex
	maps  map[string]cachedMap // page maps by volume, for the generation they were built in
}

type cachedMap struct {
	gen int64
	m   *pagemap.Map
}

// New returns a Resolver over store. known reports whether a volume id
// exists in the series (the publisher's list, frus-volume-ids.txt); nil
// takes the volumes stored here and, for the others, the first spelling
// of an id a citation builds.
func New(store chancery.Store, known func(string) bool) *Resolver {
	return &Resolver{store: store, known: known, maps: map[string]cachedMap{}}
}

// Found is one citation found in the input, resolved.
type Found struct {
	Text      string   `json:"text"`               // as written
	Volume    string   `json:"volume,omitempty"`   // the volume id it means
	Held      bool     `json:"held"`               // the volume is stored here
	First     string   `json:"first,omitempty"`    // the pages cited
	Last      string   `json:"last,omitempty"`     //
	Document  string   `json:"document,omitempty"` // the number, or id, of the document cited
	Documents []string `json:"documents"`          // the documents it resolves to, in the volume; those that begin on the pages first
	URL       string   `json:"url,omitempty"`      // the address on history.state.gov
	Broken    string   `json:"broken,omitempty"`   // why it resolves to nothing, if so
}

// Pages returns the pages cited, as a reader writes them: "pp.
// 370–376", "p. 293", or "".
func (f Found) Pages() string {
	switch {
	case f.First != "" && f.Last != "":
		return "pp. " + f.First + "–" + f.Last
	case f.First != "":
		return "p. " + f.First
	}
	return ""
}

// siteRE matches an address on history.state.gov: the volume and the id
// of a place in it.
var siteRE = regexp.MustCompile(`(?:https?://)?history\.state\.gov/historicaldocuments/(frus[0-9A-Za-z-]+)(?:/([A-Za-z0-9_.-]+))?`)

// MaxCitations is the most citations one call resolves: a note or a
// paragraph of a bibliography, not a volume's notes, each of which may
// build a volume's page map.
const MaxCitations = 100

// Resolve finds the citations in text and resolves each, in the order
// they were written. More than MaxCitations is a
// *chancery.BadRequestError.
func (r *Resolver) Resolve(ctx context.Context, text string) ([]Found, error) {
	stored, err := r.store.Volumes(ctx)
	if err != nil {
		return nil, err
	}
	held := make(map[string]bool, len(stored))
	for _, v := range stored {
		held[v.ID] = true
	}
	known := func(id string) bool { return held[id] || r.known != nil && r.known(id) }
	type found struct {
		Found
		at      int  // where it starts in text
		address bool // a history.state.gov address
	}
	var all []found
	for _, m := range siteRE.FindAllStringSubmatchIndex(text, -1) {
		f := found{Found: Found{Text: text[m[0]:m[1]], Volume: text[m[2]:m[3]]}, at: m[0], address: true}
		if m[4] >= 0 {
			f.Document = text[m[4]:m[5]]
		}
		all = append(all, f)
		text = text[:m[0]] + strings.Repeat(" ", m[1]-m[0]) + text[m[1]:] // not read again as words
	}
	for _, c := range citation.Find(text, citation.Context{Known: known, Guess: r.known == nil}) {
		all = append(all, found{Found: Found{Text: c.Text, Volume: c.Volume, First: c.First, Last: c.Last, Document: c.Document, Broken: c.Broken}, at: c.Start})
	}
	if len(all) > MaxCitations {
		return nil, chancery.BadRequestf("%d citations: give at most %d at once", len(all), MaxCitations)
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].at < all[b].at })
	var out []Found
	for _, f := range all {
		f.Held, f.Documents = held[f.Volume], []string{}
		switch {
		case f.address:
			err = r.byID(ctx, &f.Found)
		case f.Broken == "":
			err = r.byCitation(ctx, &f.Found)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, f.Found)
	}
	return out, nil
}

// byID resolves an address's id: a document, a note or a page of the
// volume.
func (r *Resolver) byID(ctx context.Context, f *Found) error {
	f.URL = chancery.SiteURL(f.Volume, f.Document)
	if !f.Held {
		if f.Broken == "" && r.known != nil && !r.known(f.Volume) {
			f.Broken = "no volume " + f.Volume + " in the series"
		}
		return nil
	}
	if f.Document == "" {
		return nil
	}
	if n, ok := strings.CutPrefix(f.Document, "pg_"); ok {
		f.First, f.Document = n, ""
		return r.pages(ctx, f)
	}
	loc, err := r.store.Locate(ctx, f.Volume, f.Document)
	switch {
	case errors.Is(err, chancery.ErrNotFound):
		f.Broken = fmt.Sprintf("no %s in %s", f.Document, f.Volume)
		return nil
	case err != nil:
		return err
	}
	if loc.Document != "" {
		f.Documents = append(f.Documents, loc.Document)
	}
	return nil
}

// byCitation resolves a citation's document number or pages.
func (r *Resolver) byCitation(ctx context.Context, f *Found) error {
	switch {
	case f.Document != "":
		f.URL = chancery.SiteURL(f.Volume, "d"+f.Document)
	case f.First != "":
		f.URL = chancery.SiteURL(f.Volume, "pg_"+f.First)
	default:
		f.URL = chancery.SiteURL(f.Volume, "")
	}
	if !f.Held {
		return nil
	}
	switch {
	case f.Document != "":
		loc, err := r.store.Locate(ctx, f.Volume, "d"+f.Document)
		switch {
		case errors.Is(err, chancery.ErrNotFound) || err == nil && loc.Kind != chancery.LocDocument:
			f.Broken = fmt.Sprintf("no document %s in %s", f.Document, f.Volume)
		case err != nil:
			return err
		default:
			f.Documents = append(f.Documents, loc.Document)
		}
	case f.First != "":
		return r.pages(ctx, f)
	}
	return nil
}

// pages resolves a citation's pages in its volume, stored here.
func (r *Resolver) pages(ctx context.Context, f *Found) error {
	m, err := r.pageMap(ctx, f.Volume)
	if err != nil {
		return err
	}
	span, err := m.Resolve(f.First, f.Last)
	if errors.Is(err, pagemap.ErrPage) {
		f.Broken = err.Error()
		return nil
	}
	if err != nil {
		return err
	}
	f.Documents = append(f.Documents, span.Docs...)
	return nil
}

// pageMap returns a stored volume's page map, built once a generation.
func (r *Resolver) pageMap(ctx context.Context, volume string) (*pagemap.Map, error) {
	gen, err := r.store.Generation(ctx)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	c, ok := r.maps[volume]
	r.mu.Unlock()
	if ok && c.gen == gen {
		return c.m, nil
	}
	vol, err := r.store.Volume(ctx, volume)
	if err != nil {
		return nil, err
	}
	docs, err := r.store.Documents(ctx, volume)
	if err != nil {
		return nil, err
	}
	m := pagemap.New(vol, docs)
	r.mu.Lock()
	r.maps[volume] = cachedMap{gen: gen, m: m}
	r.mu.Unlock()
	return m, nil
}
