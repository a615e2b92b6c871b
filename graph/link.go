package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/chancery-frus/chancery"
)

// Linked is what Link did.
type Linked struct {
	Resolved int `json:"resolved"` // citations that now lead to their place
	Broken   int `json:"broken"`   // citations of a stored volume that lead nowhere
}

// linkBatch is how many citations Link records in one transaction.
const linkBatch = 5000

// Link resolves the store's pending citations whose volume is stored,
// each cited volume indexed once (StoredIndex), and records them. Ingest
// runs it after each run: a citation of a volume that arrives later
// resolves then, without its citing volume being read again. It is safe
// to run at any time, and again: what it has not recorded stays pending.
func Link(ctx context.Context, store chancery.Store) (Linked, error) {
	pending, err := store.PendingCitations(ctx)
	if err != nil {
		return Linked{}, err
	}
	out, err := ResolveStored(ctx, store, pending)
	if err != nil {
		return out, err
	}
	// Those of volumes removed since are left pending, unwritten.
	pending = slices.DeleteFunc(pending, func(c chancery.Citation) bool { return c.State == chancery.CitePending })
	for len(pending) > 0 {
		n := min(len(pending), linkBatch)
		if err := store.ResolveCitations(ctx, pending[:n]); err != nil {
			return out, err
		}
		pending = pending[n:]
	}
	return out, nil
}

// ResolveStored resolves citations of volumes stored in store, in place,
// each cited volume indexed once from its record (StoredIndex); it
// writes nothing. Those of a volume not stored are left as they are.
func ResolveStored(ctx context.Context, store chancery.Store, cs []chancery.Citation) (Linked, error) {
	var out Linked
	indexes := map[string]*Index{} // nil: not stored
	for i := range cs {
		c := &cs[i]
		idx, ok := indexes[c.ToVolume]
		if !ok {
			var err error
			idx, err = StoredIndex(ctx, store, c.ToVolume)
			if errors.Is(err, chancery.ErrNotFound) {
				idx = nil // removed since: its citations stay pending
			} else if err != nil {
				return out, fmt.Errorf("link citations of %s: %w", c.ToVolume, err)
			}
			indexes[c.ToVolume] = idx
		}
		if idx == nil {
			continue
		}
		if err := idx.Resolve(c); err != nil {
			return out, err
		}
		if c.State == chancery.CiteResolved {
			out.Resolved++
		} else {
			out.Broken++
		}
	}
	return out, nil
}

// How a reader sees a citation (Classify).
const (
	ClassHere    = "here"     // it leads to its place in a volume stored here
	ClassNotHeld = "not-held" // its volume exists but is not stored here
	ClassBroken  = "broken"   // it leads nowhere
)

// Classify tells how a reader sees a stored citation: resolved here, of
// a volume not stored here, or broken, with what is wrong and why. known
// reports whether a volume id exists in the series (the publisher's list,
// frus-volume-ids.txt); nil takes every pending citation's volume as one
// that exists.
func Classify(c chancery.Citation, known func(string) bool) (class, kind, reason string) {
	switch c.State {
	case chancery.CiteResolved:
		return ClassHere, c.Kind, ""
	case chancery.CiteBroken:
		return ClassBroken, c.Kind, c.Reason
	}
	if known != nil && !known(c.ToVolume) {
		return ClassBroken, chancery.BrokenNoVolume, "no volume " + c.ToVolume + " in the series"
	}
	return ClassNotHeld, "", ""
}
