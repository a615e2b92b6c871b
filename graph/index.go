package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/pagemap"
)

// Index is what citations of one volume are resolved against: its
// documents and divisions, its pages (its page map), its other anchors,
// and its notes.
type Index struct {
	volume    string
	documents map[string]bool
	divisions map[string]bool
	anchors   map[string]string // id → the document or division holding it
	pages     *pagemap.Map
	pageIDs   map[string]int // page id → place
	// note returns the document holding a note, or "" when the volume has
	// no note of that id.
	note func(id string) (string, error)
}

// NewIndex indexes a decoded volume with its documents.
func NewIndex(vol *chancery.Volume, docs []*chancery.Document) *Index {
	notes := map[string]string{}
	for _, d := range docs {
		if d.SourceNote != nil && d.SourceNote.ID != "" {
			notes[d.SourceNote.ID] = d.ID
		}
		for _, n := range d.Notes {
			if n.ID != "" {
				notes[n.ID] = d.ID
			}
		}
	}
	idx := newIndex(vol, pagemap.New(vol, docs))
	idx.note = func(id string) (string, error) { return notes[id], nil }
	return idx
}

// StoredIndex indexes a volume stored in store, from its record alone
// (its page map is kept with it, pagemap.Keep): its notes are looked up
// in the store as they are cited.
func StoredIndex(ctx context.Context, store chancery.Store, volume string) (*Index, error) {
	vol, err := store.Volume(ctx, volume)
	if err != nil {
		return nil, err
	}
	idx := newIndex(vol, pagemap.Of(vol))
	idx.note = func(id string) (string, error) {
		loc, err := store.Locate(ctx, volume, id)
		switch {
		case errors.Is(err, chancery.ErrNotFound):
			return "", nil
		case err != nil:
			return "", err
		case loc.Kind != chancery.LocNote:
			return "", nil
		}
		return loc.Document, nil
	}
	return idx, nil
}

func newIndex(vol *chancery.Volume, pages *pagemap.Map) *Index {
	idx := &Index{volume: vol.ID, documents: map[string]bool{}, divisions: map[string]bool{}, anchors: map[string]string{}, pages: pages, pageIDs: map[string]int{}}
	chancery.Walk(vol.Structure, func(d *chancery.Division, _ int) bool {
		if d.IsDocument() {
			idx.documents[d.ID] = true
		} else {
			idx.divisions[d.ID] = true
		}
		return true
	})
	for i, p := range pages.Pages() {
		if p.ID != "" {
			if _, ok := idx.pageIDs[p.ID]; !ok {
				idx.pageIDs[p.ID] = i
			}
		}
	}
	for _, a := range vol.Anchors {
		idx.anchors[a.ID] = a.In
	}
	for _, p := range vol.Persons {
		idx.anchors[p.ID] = ""
	}
	for _, t := range vol.Terms {
		idx.anchors[t.ID] = ""
	}
	return idx
}

// Resolve resolves a citation of the index's volume: it sets its State
// (resolved or broken), Reason, Kind and Documents. It fails only when a
// stored note cannot be looked up.
func (idx *Index) Resolve(c *chancery.Citation) error {
	c.Documents, c.Reason = []string{}, ""
	resolved := func(kind string, docs ...string) {
		c.State, c.Kind = chancery.CiteResolved, kind
		c.Documents = append(c.Documents, docs...)
	}
	broken := func(kind, format string, args ...any) {
		c.State, c.Kind, c.Reason = chancery.CiteBroken, kind, fmt.Sprintf(format, args...)
	}
	id := c.ToID
	switch {
	case id == "" && c.First == "":
		resolved(chancery.ToVolume)
	case id == "":
		var docs []string
		seen := map[string]bool{}
		// The pages, or a range, then each page or range of a list.
		for i, p := range append([]string{c.First + "–" + c.Last}, c.More...) {
			first, last, _ := strings.Cut(p, "–")
			span, err := idx.pages.Resolve(first, last)
			var pe *pagemap.Error
			if errors.As(err, &pe) && pe.Kind == pagemap.KindReversed {
				broken(chancery.BrokenReversed, "%s", err)
				return nil
			}
			if err != nil {
				if i > 0 {
					continue // a page of a list that the volume lacks: a misprint, the others stand
				}
				broken(chancery.BrokenNoPage, "%s", err)
				return nil
			}
			for _, d := range span.Docs {
				if !seen[d] {
					seen[d] = true
					docs = append(docs, d)
				}
			}
		}
		kind := chancery.ToPages
		if c.Last == "" && len(c.More) == 0 {
			kind = chancery.ToPage
		}
		resolved(kind, docs...)
	case idx.documents[id]:
		resolved(chancery.ToDocument, id)
	case idx.divisions[id]:
		resolved(chancery.ToDivision)
	default:
		if i, ok := idx.pageIDs[id]; ok {
			if c.Last == "" {
				resolved(chancery.ToPage, idx.pages.Docs(i, i)...)
				return nil
			}
			// A ref of a range's first page: the range, from that page.
			if j := idx.pages.Seek(c.Last, i); j >= 0 {
				resolved(chancery.ToPages, idx.pages.Docs(i, j)...)
				return nil
			}
			broken(chancery.BrokenNoPage, "no page %s after page %s in %s", c.Last, c.First, idx.volume)
			return nil
		}
		if in, ok := idx.anchors[id]; ok {
			if idx.documents[in] {
				resolved(chancery.ToAnchor, in)
			} else {
				resolved(chancery.ToAnchor)
			}
			return nil
		}
		doc, err := idx.note(id)
		if err != nil {
			return fmt.Errorf("resolve %s#%s: %w", idx.volume, id, err)
		}
		if doc == "" {
			if c.How == chancery.HowRef {
				broken(chancery.BrokenNoPlace, "%s has no %s", idx.volume, id)
			} else {
				broken(chancery.BrokenNoPlace, "no document %s in %s", id[1:], idx.volume)
			}
			return nil
		}
		resolved(chancery.ToNote, doc)
	}
	return nil
}
