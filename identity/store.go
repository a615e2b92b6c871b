package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/chancery-frus/chancery"
)

// Volume returns the persons of a decoded volume's documents, each
// document's once a role, ready to be stored with it.
func (x *Index) Volume(vd *chancery.VolumeData) []chancery.DocumentPerson {
	from, to := VolumeYears(vd.Volume.ID)
	v := x.Entries(vd.Volume, from, to)
	var out []chancery.DocumentPerson
	for _, d := range vd.Documents {
		seen := map[string]bool{}
		for _, r := range x.Document(v, d) {
			key := r.Kind + "/" + r.ID
			if seen[key] || r.Kind == KindMention && seen[r.ID] {
				continue
			}
			seen[key], seen[r.ID] = true, true
			out = append(out, chancery.DocumentPerson{Volume: vd.Volume.ID, Document: d.ID, Ordinal: d.Ordinal, Title: d.Title, Date: documentDate(d),
				Kind: r.Kind, Person: r.ID, Name: r.Name, How: r.How, Text: r.Text, Evidence: r.Evidence})
		}
	}
	return out
}

// Stored returns the identities of the datasets a store holds; nil, and
// no error, when it holds none.
func Stored(ctx context.Context, store chancery.Store) (*Index, error) {
	infos, err := store.DatasetInfos(ctx)
	if err != nil || len(infos) == 0 {
		return nil, err
	}
	loads := map[string]*chancery.Dataset{}
	for _, d := range infos {
		if loads[d.Name], err = store.LoadDataset(ctx, d.Name); err != nil {
			return nil, err
		}
	}
	return New(loads[chancery.DatasetPeople], loads[chancery.DatasetPOCOM], loads[chancery.DatasetTravels]), nil
}

// Relink resolves again the persons of every volume a store holds against
// its datasets (after a newer load), and returns how many volumes and
// persons it stored.
func Relink(ctx context.Context, store chancery.Store) (volumes, persons int, err error) {
	x, err := Stored(ctx, store)
	if err != nil {
		return 0, 0, fmt.Errorf("read the datasets: %w", err)
	}
	vols, err := store.Volumes(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, vs := range vols {
		var ps []chancery.DocumentPerson
		if x != nil {
			v, err := store.Volume(ctx, vs.ID)
			if err != nil {
				return volumes, persons, err
			}
			docs, err := store.Documents(ctx, vs.ID)
			if err != nil {
				return volumes, persons, err
			}
			ps = x.Volume(&chancery.VolumeData{Volume: v, Documents: docs})
		}
		if err := store.PutPeople(ctx, vs.ID, ps); errors.Is(err, chancery.ErrNotFound) {
			continue // removed meanwhile
		} else if err != nil {
			return volumes, persons, err
		}
		volumes, persons = volumes+1, persons+len(ps)
	}
	return volumes, persons, nil
}
