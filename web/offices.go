package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/offices"
)

// officesCache holds the offices index of the datasets loaded, rebuilt
// when a newer load of POCOM or the travels is stored.
type officesCache struct {
	mu    sync.Mutex
	stamp string // the loads indexed: their names and times
	index *offices.Index
}

// offices returns the offices index of the datasets stored now, or
// ErrNotFound, saying what to load, when neither POCOM nor the travels is.
func (s *Server) offices(ctx context.Context) (*offices.Index, error) {
	infos, err := s.store.DatasetInfos(ctx)
	if err != nil {
		return nil, err
	}
	stamp := ""
	for _, d := range infos {
		if d.Name == chancery.DatasetPOCOM || d.Name == chancery.DatasetTravels {
			stamp += d.Name + "@" + d.Loaded + " "
		}
	}
	if stamp == "" {
		return nil, fmt.Errorf("offices: %w", chancery.ErrNotFound)
	}
	c := &s.ocache
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stamp == stamp {
		return c.index, nil
	}
	var loads [2]*chancery.Dataset
	for i, name := range []string{chancery.DatasetPOCOM, chancery.DatasetTravels} {
		d, err := s.store.LoadDataset(ctx, name)
		if err != nil && !errors.Is(err, chancery.ErrNotFound) {
			return nil, err
		}
		loads[i] = d
	}
	c.index, c.stamp = offices.New(loads[0], loads[1]), stamp
	return c.index, nil
}

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
	x, err := s.offices(r.Context())
	if errors.Is(err, chancery.ErrNotFound) {
		s.notFound(w, r, "No offices here: the reference datasets are not loaded (chancery get pocom travels).", nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
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
