package graph

import (
	"context"
	"errors"
	"fmt"

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
	var out Linked
	pending, err := store.PendingCitations(ctx)
	if err != nil {
		return out, err
	}
	var idx *Index
	var batch []chancery.Citation
	flush := func() error {
		err := store.ResolveCitations(ctx, batch)
		batch = batch[:0]
		return err
	}
	for i := range pending {
		c := &pending[i]
		if idx == nil || idx.volume != c.ToVolume {
			idx, err = StoredIndex(ctx, store, c.ToVolume)
			if errors.Is(err, chancery.ErrNotFound) {
				idx = nil
				continue // removed since: its citations stay pending
			}
			if err != nil {
				return out, fmt.Errorf("link citations of %s: %w", c.ToVolume, err)
			}
		}
		if err := idx.Resolve(c); err != nil {
			return out, err
		}
		if c.State == chancery.CiteResolved {
			out.Resolved++
		} else {
			out.Broken++
		}
		if batch = append(batch, *c); len(batch) == linkBatch {
			if err := flush(); err != nil {
				return out, err
			}
		}
	}
	return out, flush()
}
