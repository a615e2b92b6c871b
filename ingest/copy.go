package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/graph"
)

// CopyResult is what Copy did with one volume.
type CopyResult struct {
	Volume    string `json:"volume"`
	Action    string `json:"action"` // added, replaced, unchanged
	Documents int    `json:"documents"`
	Checksum  string `json:"checksum"` // SHA-256 over the volume's and documents' records
}

// Copy copies every volume of from into to (a SQLite file into PostgreSQL
// or back), each in one transaction, then verifies that both hold the
// same counts and, volume by volume, the same records (by checksum).
func Copy(ctx context.Context, from, to chancery.Store, onVolume func(CopyResult)) (res []CopyResult, err error) {
	vols, err := from.Volumes(ctx)
	if err != nil {
		return nil, err
	}
	to, end, err := bulk(ctx, to, len(vols))
	if err != nil {
		return nil, err
	}
	defer func() {
		if endErr := end(); endErr != nil && err == nil {
			err = endErr
		}
	}()
	if res, err = copyVolumes(ctx, from, to, vols, onVolume); err != nil {
		return res, err
	}
	if _, err := graph.Link(ctx, to); err != nil {
		return res, fmt.Errorf("resolve the citations: %w", err)
	}
	return res, nil
}

func copyVolumes(ctx context.Context, from, to chancery.Store, vols []chancery.VolumeStats, onVolume func(CopyResult)) ([]CopyResult, error) {
	var out []CopyResult
	for _, vs := range vols {
		v, err := load(ctx, from, vs.ID)
		if err != nil {
			return out, err
		}
		action, err := to.PutVolume(ctx, v)
		if err != nil {
			return out, fmt.Errorf("copy %s: %w", vs.ID, err)
		}
		back, err := load(ctx, to, vs.ID)
		if err != nil {
			return out, err
		}
		sumFrom, sumTo := checksum(v), checksum(back)
		if sumFrom != sumTo {
			return out, fmt.Errorf("copy %s: the copy differs from the original (checksum %s, want %s)", vs.ID, sumTo[:12], sumFrom[:12])
		}
		r := CopyResult{Volume: vs.ID, Action: action.String(), Documents: len(v.Documents), Checksum: sumFrom}
		out = append(out, r)
		if onVolume != nil {
			onVolume(r)
		}
	}
	// The counts of both stores agree for every volume copied.
	dest, err := to.Volumes(ctx)
	if err != nil {
		return out, err
	}
	got := map[string]chancery.VolumeStats{}
	for _, d := range dest {
		got[d.ID] = d
	}
	for _, vs := range vols {
		if got[vs.ID] != vs {
			return out, fmt.Errorf("copy %s: counts differ: %+v, want %+v", vs.ID, got[vs.ID], vs)
		}
	}
	return out, nil
}

// load reads everything a store keeps of one volume.
func load(ctx context.Context, s chancery.Store, id string) (*chancery.VolumeData, error) {
	v, err := s.Volume(ctx, id)
	if err != nil {
		return nil, err
	}
	docs, err := s.Documents(ctx, id)
	if err != nil {
		return nil, err
	}
	warns, err := s.Warnings(ctx, id)
	if err != nil {
		return nil, err
	}
	cs, err := s.Citations(ctx, id, "")
	if err != nil {
		return nil, err
	}
	// Its citations as they were read (against the series' list, if
	// any), those of other volumes to be resolved in the copy's store.
	for i := range cs {
		c := &cs[i]
		if c.ToVolume != id && (c.State == chancery.CiteResolved || c.Kind == chancery.BrokenNoPlace || c.Kind == chancery.BrokenNoPage) {
			c.State, c.Kind, c.Reason, c.Documents = chancery.CitePending, "", "", []string{}
		}
	}
	return &chancery.VolumeData{Volume: v, Documents: docs, Warnings: warns, Citations: cs}, nil
}

// checksum hashes a volume's records, leaving out when it was stored.
func checksum(v *chancery.VolumeData) string {
	h := sha256.New()
	vol := *v.Volume
	vol.Ingested = time.Time{} // stores keep it at different precisions
	enc := json.NewEncoder(h)
	enc.Encode(vol)
	for _, d := range v.Documents {
		enc.Encode(d)
	}
	enc.Encode(v.Warnings)
	return hex.EncodeToString(h.Sum(nil))
}

// Checksum returns the checksum Copy verifies of one stored volume: the
// SHA-256 over its volume's, documents' and warnings' records, leaving out
// when it was stored. Two stores hold the same version of a volume whole
// when their checksums agree.
func Checksum(ctx context.Context, s chancery.Store, id string) (string, error) {
	v, err := load(ctx, s, id)
	if err != nil {
		return "", fmt.Errorf("checksum %s: %w", id, err)
	}
	return checksum(v), nil
}

// CopyDatasets copies every reference dataset loaded in from into to,
// each replacing the load to holds, and verifies each copy record for
// record. It returns the names copied, in order.
func CopyDatasets(ctx context.Context, from, to chancery.Store) ([]string, error) {
	infos, err := from.DatasetInfos(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, info := range infos {
		d, err := from.LoadDataset(ctx, info.Name)
		if err != nil {
			return out, err
		}
		if err := to.PutDataset(ctx, d); err != nil {
			return out, fmt.Errorf("copy dataset %s: %w", info.Name, err)
		}
		back, err := to.LoadDataset(ctx, info.Name)
		if err != nil {
			return out, err
		}
		if !reflect.DeepEqual(back, d) {
			return out, fmt.Errorf("copy dataset %s: the copy differs from the original", info.Name)
		}
		out = append(out, info.Name)
	}
	return out, nil
}
