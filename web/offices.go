package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/identity"
	"github.com/chancery-frus/chancery/offices"
)

// identitiesCache holds the identities and offices of the datasets
// loaded, rebuilt when a newer load of any of them is stored.
type identitiesCache struct {
	mu    sync.Mutex
	stamp string // the loads indexed: their names and times
	index *identity.Index
	// volumes are the persons entries of the volumes read since, resolved,
	// by volume id and content hash.
	volumes map[string]*identity.Volume
}

// identities returns the identities index of the datasets stored now, or
// ErrNotFound when none is loaded.
func (s *Server) identities(ctx context.Context) (*identity.Index, error) {
	infos, err := s.store.DatasetInfos(ctx)
	if err != nil {
		return nil, err
	}
	stamp := ""
	for _, d := range infos {
		stamp += d.Name + "@" + d.Loaded + " "
	}
	if stamp == "" {
		return nil, fmt.Errorf("identities: %w", chancery.ErrNotFound)
	}
	c := &s.icache
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stamp == stamp {
		return c.index, nil
	}
	loads := map[string]*chancery.Dataset{}
	for _, d := range infos {
		if loads[d.Name], err = s.store.LoadDataset(ctx, d.Name); err != nil {
			return nil, err
		}
	}
	c.index = identity.New(loads[chancery.DatasetPeople], loads[chancery.DatasetPOCOM], loads[chancery.DatasetTravels])
	c.stamp, c.volumes = stamp, map[string]*identity.Volume{}
	return c.index, nil
}

// volumeIdentities returns a volume's persons entries resolved against the
// datasets stored now, and the identities index; a nil index when no
// dataset is loaded.
func (s *Server) volumeIdentities(ctx context.Context, v *chancery.Volume) (*identity.Index, *identity.Volume, error) {
	x, err := s.identities(ctx)
	if errors.Is(err, chancery.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	c := &s.icache
	c.mu.Lock()
	defer c.mu.Unlock()
	key := v.ID + "@" + v.Hash
	iv, ok := c.volumes[key]
	if !ok {
		from, to := identity.VolumeYears(v.ID)
		iv = x.Entries(v, from, to)
		if len(c.volumes) >= volumeCacheSize {
			clear(c.volumes)
		}
		c.volumes[key] = iv
	}
	return x, iv, nil
}

// volumeCacheSize is the most volumes whose entries are kept resolved.
const volumeCacheSize = 64

// officesResponse is /api/v1/offices' answer.
type officesResponse struct {
	Position string            `json:"position"`
	Date     string            `json:"date"`
	Holders  []offices.Holding `json:"holders"`
}

// apiOffices is /api/v1/offices?position=secretary&date=1962-10-18: who
// held the office that day, with the evidence.
func (s *Server) apiOffices(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	position, date := q.Get("position"), q.Get("date")
	if position == "" || date == "" {
		s.fail(w, r, chancery.BadRequestf("give a position and a date, as position=secretary&date=1962-10-18 (a position's POCOM id or name, or president; a date YYYY, YYYY-MM or YYYY-MM-DD)"))
		return
	}
	ids, err := s.identities(r.Context())
	if errors.Is(err, chancery.ErrNotFound) {
		s.notFound(w, r, "No offices here: the reference datasets are not loaded (chancery get pocom travels).", nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x := ids.Offices()
	id, ok := x.Position(position)
	if !ok {
		s.notFound(w, r, fmt.Sprintf("There is no position %.80q in the loaded datasets: give POCOM's id (secretary, under-secretary, china …) or name (Secretary of State), or president.", position), nil)
		return
	}
	hs, err := x.Holders(id, date)
	if err != nil {
		s.fail(w, r, chancery.BadRequestf("%v", err))
		return
	}
	if hs == nil {
		hs = []offices.Holding{}
	}
	writeJSON(w, http.StatusOK, officesResponse{Position: id, Date: date, Holders: hs})
}
