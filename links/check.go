package links

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/citation"
)

// Problem is a ref whose target is malformed or leads nowhere.
type Problem struct {
	Volume string `json:"volume"`
	Where  string `json:"where"` // the document or division holding the ref
	Note   string `json:"note,omitempty"`
	Target string `json:"target"`
	Text   string `json:"text"`
	Kind   string `json:"kind"` // "malformed" or "dangling"
	Reason string `json:"reason"`
}

func (p Problem) String() string {
	where := p.Volume + "/" + p.Where
	if p.Note != "" {
		where += " (note " + p.Note + ")"
	}
	return fmt.Sprintf("%s: %s target %q (%q): %s", where, p.Kind, p.Target, p.Text, p.Reason)
}

// Report is the outcome of a check.
type Report struct {
	Refs       int            `json:"refs"`       // refs checked
	Unverified int            `json:"unverified"` // refs to volumes not stored here
	Problems   []Problem      `json:"problems"`
	Volumes    []VolumeReport `json:"volumes"` // the same, by volume, with the citations in plain words
}

// VolumeReport is what a check found in one volume: its refs, by what
// they lead to, and the citations of the series its notes make in plain
// words (package citation), apart from those its refs mark up.
type VolumeReport struct {
	Volume     string `json:"volume"`
	Refs       int    `json:"refs"`
	Here       int    `json:"here"`       // to a place in a volume stored here, or elsewhere on the web
	NotHeld    int    `json:"notHeld"`    // to volumes not stored here
	Malformed  int    `json:"malformed"`  // not a place: broken
	Dangling   int    `json:"dangling"`   // to no place of a volume stored here: broken
	Prose      int    `json:"prose"`      // citations in plain words found
	ProseHeld  int    `json:"proseHeld"`  // of them, of volumes stored here
	ProseError int    `json:"proseError"` // of them, that map to no volume (the reason is citation's)
}

// String is the report's line for its volume.
func (v VolumeReport) String() string {
	return fmt.Sprintf("%s: %d refs (%d here, %d to volumes not stored here, %d malformed, %d dangling); %d citations in plain words (%d of volumes here, %d to no volume)",
		v.Volume, v.Refs, v.Here, v.NotHeld, v.Malformed, v.Dangling, v.Prose, v.ProseHeld, v.ProseError)
}

// Check reads every ref of the given volumes (all stored volumes when none
// are given) and reports the malformed targets and those that lead to no
// document, division, page, note or list entry. Refs to volumes not stored
// here cannot be verified and are only counted.
func Check(ctx context.Context, store chancery.Store, volumes []string) (*Report, error) {
	list, err := store.Volumes(ctx)
	if err != nil {
		return nil, err
	}
	held := make(map[string]bool, len(list))
	for _, v := range list {
		held[v.ID] = true
	}
	if len(volumes) == 0 {
		for _, v := range list {
			volumes = append(volumes, v.ID)
		}
	}
	c := &checker{ctx: ctx, store: store, held: held, ids: map[string]map[string]bool{}, report: &Report{Problems: []Problem{}, Volumes: []VolumeReport{}}}
	for _, vol := range volumes {
		if err := c.volume(vol); err != nil {
			return nil, err
		}
	}
	return c.report, nil
}

type checker struct {
	ctx    context.Context
	store  chancery.Store
	held   map[string]bool            // the volumes stored
	ids    map[string]map[string]bool // volume → its ids; nil map: not stored
	report *Report
	vol    *VolumeReport // the volume being checked
}

// idsOf returns the ids of a stored volume, or nil when it is not stored.
func (c *checker) idsOf(vol string) (map[string]bool, error) {
	if ids, ok := c.ids[vol]; ok {
		return ids, nil
	}
	v, err := c.store.Volume(c.ctx, vol)
	if errors.Is(err, chancery.ErrNotFound) {
		c.ids[vol] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	docs, err := c.store.Documents(c.ctx, vol)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	addNode := func(n *chancery.Node) {
		n.Walk(func(x *chancery.Node) bool {
			if id := x.Attr("id"); id != "" {
				ids[id] = true
			}
			return true
		})
	}
	chancery.Walk(v.Structure, func(d *chancery.Division, _ int) bool {
		ids[d.ID] = true
		addNode(d.Content)
		return true
	})
	for _, p := range v.Pages {
		ids[p.ID] = true
	}
	for _, p := range v.Persons {
		ids[p.ID] = true
	}
	for _, t := range v.Terms {
		ids[t.ID] = true
	}
	for _, d := range docs {
		ids[d.ID] = true
		addNode(d.Body)
		if d.SourceNote != nil {
			ids[d.SourceNote.ID] = true
		}
		for _, n := range d.Notes {
			ids[n.ID] = true
			addNode(n.Content)
		}
	}
	c.ids[vol] = ids
	return ids, nil
}

func (c *checker) volume(vol string) error {
	v, err := c.store.Volume(c.ctx, vol)
	if err != nil {
		return fmt.Errorf("check %s: %w", vol, err)
	}
	docs, err := c.store.Documents(c.ctx, vol)
	if err != nil {
		return fmt.Errorf("check %s: %w", vol, err)
	}
	c.vol = &VolumeReport{Volume: vol}
	defer func() { c.report.Volumes = append(c.report.Volumes, *c.vol) }()
	for _, d := range docs {
		for _, r := range d.Refs {
			if err := c.ref(vol, d.ID, r.Note, r.Target, r.Text); err != nil {
				return err
			}
		}
		c.prose(vol, d)
	}
	var walkErr error
	chancery.Walk(v.Structure, func(div *chancery.Division, _ int) bool {
		div.Content.Walk(func(n *chancery.Node) bool {
			if n.Name == "ref" && walkErr == nil {
				walkErr = c.ref(vol, div.ID, "", n.Attr("target"), n.PlainText())
			}
			return true
		})
		return walkErr == nil
	})
	return walkErr
}

func (c *checker) ref(vol, where, note, target, text string) error {
	c.report.Refs++
	c.vol.Refs++
	t := Parse(vol, target)
	problem := func(kind, reason string) {
		c.report.Problems = append(c.report.Problems, Problem{Volume: vol, Where: where, Note: note, Target: target, Text: text, Kind: kind, Reason: reason})
	}
	switch t.Kind {
	case Malformed:
		c.vol.Malformed++
		problem("malformed", "not a place in a volume, a history.state.gov path or a trusted web address")
	case Local, Volume:
		ids, err := c.idsOf(t.Volume)
		if err != nil {
			return err
		}
		switch {
		case ids == nil:
			c.report.Unverified++
			c.vol.NotHeld++
		case t.ID != "" && !ids[t.ID]:
			c.vol.Dangling++
			problem("dangling", fmt.Sprintf("%s has no %s", t.Volume, t.ID))
		default:
			c.vol.Here++
		}
	default:
		c.vol.Here++ // a page of history.state.gov, or a trusted web address
	}
	return nil
}

// prose counts the citations in plain words of a document's notes, each
// "ibid." read after the citation before it in the document; a citation
// within the text of one of the note's refs is the ref's, counted there.
func (c *checker) prose(vol string, d *chancery.Document) {
	var before *citation.Citation
	notes := d.Notes
	if d.SourceNote != nil {
		notes = append([]chancery.Note{*d.SourceNote}, notes...)
	}
	for _, n := range notes {
		found := citation.Find(n.Text, citation.Context{Volume: vol, Known: func(id string) bool { return c.held[id] }, Guess: true, Before: before})
		if len(found) > 0 {
			before = &found[len(found)-1]
		}
		for _, f := range found {
			if markedUp(d.Refs, n.ID, f.Text) {
				continue
			}
			c.vol.Prose++
			switch {
			case f.Volume == "":
				c.vol.ProseError++
			case c.held[f.Volume]:
				c.vol.ProseHeld++
			}
		}
	}
}

// markedUp reports whether a citation's text lies within the text of one
// of a note's refs.
func markedUp(refs []chancery.Ref, note, text string) bool {
	for _, r := range refs {
		if r.Note == note && strings.Contains(r.Text, text) {
			return true
		}
	}
	return false
}
