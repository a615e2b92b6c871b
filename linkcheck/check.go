// Package linkcheck is the link report of a library: for each volume, its
// citations of the series (package graph) by how a reader sees them —
// resolved here, of volumes not stored here, or broken, by what is wrong —
// and every one that leads nowhere, with the reason.
package linkcheck

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/graph"
)

// Problem is a citation that leads nowhere.
type Problem struct {
	Volume string `json:"volume"`
	Where  string `json:"where"` // the document or division holding it
	Note   string `json:"note,omitempty"`
	How    string `json:"how"`              // chancery.HowRef, HowProse or HowRefPages
	Target string `json:"target,omitempty"` // a ref's target as written
	Text   string `json:"text"`
	Kind   string `json:"kind"` // what is wrong: chancery.BrokenMalformed, BrokenNoPage…
	Reason string `json:"reason"`
}

func (p Problem) String() string {
	where := p.Volume + "/" + p.Where
	if p.Note != "" {
		where += " (note " + p.Note + ")"
	}
	what := "citation"
	if p.Target != "" {
		what = fmt.Sprintf("target %q", p.Target)
	}
	return fmt.Sprintf("%s: %s %s (%q): %s", where, p.Kind, what, p.Text, p.Reason)
}

// Report is the outcome of a check: the citations of the volumes
// checked, by how a reader sees them (graph.Classify), and those that
// lead nowhere.
type Report struct {
	Citations int            `json:"citations"`
	Here      int            `json:"here"`
	NotHeld   int            `json:"notHeld"` // of volumes not stored here
	Problems  []Problem      `json:"problems"`
	Volumes   []VolumeReport `json:"volumes"`
}

// Counts counts citations by how a reader sees them.
type Counts struct {
	Total   int            `json:"total"`
	Here    int            `json:"here"`    // resolved to their place, here
	NotHeld int            `json:"notHeld"` // of volumes that exist, not stored here
	Broken  map[string]int `json:"broken"`  // by what is wrong (chancery.BrokenMalformed…)
}

func (c *Counts) add(class, kind string) {
	c.Total++
	switch class {
	case graph.ClassHere:
		c.Here++
	case graph.ClassNotHeld:
		c.NotHeld++
	default:
		c.Broken[kind]++
	}
}

func (c Counts) String() string {
	broken := 0
	var kinds []string
	for k, n := range c.Broken {
		broken += n
		kinds = append(kinds, fmt.Sprintf("%d %s", n, k))
	}
	sort.Strings(kinds)
	s := fmt.Sprintf("%d here, %d to volumes not stored here, %d broken", c.Here, c.NotHeld, broken)
	if len(kinds) > 0 {
		s += ": " + strings.Join(kinds, ", ")
	}
	return s
}

// VolumeReport is what a check found in one volume: its marked-up refs
// and its citations found in plain words (with the pages found after a
// ref of a whole volume).
type VolumeReport struct {
	Volume string `json:"volume"`
	Refs   Counts `json:"refs"`
	Prose  Counts `json:"prose"`
}

// String is the report's line for its volume.
func (v VolumeReport) String() string {
	return fmt.Sprintf("%s: %d refs (%s); %d citations in plain words (%s)", v.Volume, v.Refs.Total, v.Refs, v.Prose.Total, v.Prose)
}

// Check reports on the stored citations of the given volumes (all stored
// volumes when none are given): how many lead to their place here, to
// volumes not stored here, or nowhere, and each of those, with the
// reason. known reports whether a volume id exists in the series (the
// publisher's list); with nil, every volume cited is taken to exist.
// Refs to addresses outside the series (web pages) are not citations of
// it and are not counted.
func Check(ctx context.Context, store chancery.Store, volumes []string, known func(string) bool) (*Report, error) {
	if len(volumes) == 0 {
		list, err := store.Volumes(ctx)
		if err != nil {
			return nil, err
		}
		for _, v := range list {
			volumes = append(volumes, v.ID)
		}
	}
	rep := &Report{Problems: []Problem{}, Volumes: []VolumeReport{}}
	for _, vol := range volumes {
		if _, err := store.VolumeHash(ctx, vol); err != nil {
			return nil, fmt.Errorf("check %s: %w", vol, err)
		}
		cs, err := store.Citations(ctx, vol, "")
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", vol, err)
		}
		vr := VolumeReport{Volume: vol, Refs: Counts{Broken: map[string]int{}}, Prose: Counts{Broken: map[string]int{}}}
		for _, c := range cs {
			class, kind, reason := graph.Classify(c, known)
			if c.How == chancery.HowRef {
				vr.Refs.add(class, kind)
			} else {
				vr.Prose.add(class, kind)
			}
			rep.Citations++
			switch class {
			case graph.ClassHere:
				rep.Here++
			case graph.ClassNotHeld:
				rep.NotHeld++
			default:
				rep.Problems = append(rep.Problems, Problem{Volume: vol, Where: c.Document, Note: c.Note, How: c.How, Target: c.Target, Text: c.Text, Kind: kind, Reason: reason})
			}
		}
		rep.Volumes = append(rep.Volumes, vr)
	}
	return rep, nil
}
