package testdb

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

// Method names a method of a store, for Faulty.
type Method string

// The methods a Faulty store can fail. All stands for every one.
const (
	PutVolume    Method = "PutVolume"
	VolumeHash   Method = "VolumeHash"
	Volume       Method = "Volume"
	Volumes      Method = "Volumes"
	Document     Method = "Document"
	Documents    Method = "Documents"
	Warnings     Method = "Warnings"
	DeleteVolume Method = "DeleteVolume"
	Generation   Method = "Generation"
	Locate       Method = "Locate"
	Search       Method = "Search"
	Highlight    Method = "Highlight"
	Warm         Method = "Warm"
	Ping         Method = "Ping"
	All          Method = "*"
)

// Methods lists every method a Faulty store can fail.
var Methods = []Method{PutVolume, VolumeHash, Volume, Volumes, Document, Documents, Warnings, DeleteVolume,
	Generation, Locate, Search, Highlight, Warm, Ping}

// Secret is what the errors of a database driver may name — a host, a
// user, a password — and no answer to a client may show. The errors
// below carry it.
const Secret = "dial tcp 10.0.0.5:5432: connect: user=chancery password=hunter2 database=frus"

// Errors a Faulty store can fail with, each carrying Secret the way a
// store's errors carry their cause.
var (
	// ErrNotFound is chancery.ErrNotFound.
	ErrNotFound = fmt.Errorf("%s: %w", Secret, chancery.ErrNotFound)
	// ErrUnavailable is chancery.ErrUnavailable: a database that does
	// not answer.
	ErrUnavailable = chancery.Unavailable(errors.New(Secret))
	// ErrDeadline is context.DeadlineExceeded: a read that ran out of
	// time.
	ErrDeadline = fmt.Errorf("%s: %w", Secret, context.DeadlineExceeded)
	// ErrBadRequest is a *chancery.BadRequestError, whose message (and
	// only that) is for the client.
	ErrBadRequest = fmt.Errorf("%s: %w", Secret, &chancery.BadRequestError{Msg: BadRequestMessage})
	// ErrInternal is any other failure: a damaged index, a broken query.
	ErrInternal = errors.New("SELECT rowid FROM search WHERE search MATCH ?: database disk image is malformed (" + Secret + ")")
)

// BadRequestMessage is the message of ErrBadRequest.
const BadRequestMessage = "the request asks for something the store cannot do"

// Faulty is a real store that fails on demand: each method answers from
// the store it wraps unless a failure is set for it (Fail, FailFor), and
// counts its calls.
type Faulty struct {
	chancery.Store
	mu    sync.Mutex
	fails map[Method]fault
	calls map[Method]int
}

// fault is how a method fails: with err, for every call or only for
// those asking for one id.
type fault struct {
	err  error
	only string
}

// NewFaulty wraps a store (one of Open's, typically) that answers until
// told to fail.
func NewFaulty(s chancery.Store) *Faulty {
	return &Faulty{Store: s, fails: map[Method]fault{}, calls: map[Method]int{}}
}

// Fail makes method m (or, with All, every method) return err from now
// on; a nil err heals it.
func (f *Faulty) Fail(m Method, err error) { f.FailFor(m, "", err) }

// FailFor makes method m (or, with All, every method) return err when it
// is asked for id — the id of a volume (Volume, VolumeHash, Documents,
// Warnings, DeleteVolume) or of a document or other id within one
// (Document, Locate) — and answer other calls; an empty id fails every
// call. A nil err heals the method.
func (f *Faulty) FailFor(m Method, id string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ms := []Method{m}
	if m == All {
		ms = Methods
	}
	for _, m := range ms {
		if err == nil {
			delete(f.fails, m)
		} else {
			f.fails[m] = fault{err, id}
		}
	}
}

// Heal makes every method answer from the wrapped store again.
func (f *Faulty) Heal() { f.Fail(All, nil) }

// Calls returns how many times method m was called.
func (f *Faulty) Calls(m Method) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[m]
}

// call counts a call of m, for id, and returns the error it is to fail
// with.
func (f *Faulty) call(m Method, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[m]++
	if fl, ok := f.fails[m]; ok && (fl.only == "" || fl.only == id) {
		return fl.err
	}
	return nil
}

func (f *Faulty) PutVolume(ctx context.Context, v *chancery.VolumeData) (chancery.PutResult, error) {
	if err := f.call(PutVolume, ""); err != nil {
		return 0, err
	}
	return f.Store.PutVolume(ctx, v)
}

func (f *Faulty) VolumeHash(ctx context.Context, id string) (string, error) {
	if err := f.call(VolumeHash, id); err != nil {
		return "", err
	}
	return f.Store.VolumeHash(ctx, id)
}

func (f *Faulty) Volume(ctx context.Context, id string) (*chancery.Volume, error) {
	if err := f.call(Volume, id); err != nil {
		return nil, err
	}
	return f.Store.Volume(ctx, id)
}

func (f *Faulty) Volumes(ctx context.Context) ([]chancery.VolumeStats, error) {
	if err := f.call(Volumes, ""); err != nil {
		return nil, err
	}
	return f.Store.Volumes(ctx)
}

func (f *Faulty) Document(ctx context.Context, volume, id string) (*chancery.Document, error) {
	if err := f.call(Document, id); err != nil {
		return nil, err
	}
	return f.Store.Document(ctx, volume, id)
}

func (f *Faulty) Documents(ctx context.Context, volume string) ([]*chancery.Document, error) {
	if err := f.call(Documents, volume); err != nil {
		return nil, err
	}
	return f.Store.Documents(ctx, volume)
}

func (f *Faulty) Warnings(ctx context.Context, volume string) ([]chancery.Warning, error) {
	if err := f.call(Warnings, volume); err != nil {
		return nil, err
	}
	return f.Store.Warnings(ctx, volume)
}

func (f *Faulty) DeleteVolume(ctx context.Context, id string) error {
	if err := f.call(DeleteVolume, id); err != nil {
		return err
	}
	return f.Store.DeleteVolume(ctx, id)
}

func (f *Faulty) Generation(ctx context.Context) (int64, error) {
	if err := f.call(Generation, ""); err != nil {
		return 0, err
	}
	return f.Store.Generation(ctx)
}

func (f *Faulty) Locate(ctx context.Context, volume, id string) (chancery.Location, error) {
	if err := f.call(Locate, id); err != nil {
		return chancery.Location{}, err
	}
	return f.Store.Locate(ctx, volume, id)
}

func (f *Faulty) Search(ctx context.Context, req *chancery.SearchRequest) (*chancery.SearchResult, error) {
	if err := f.call(Search, ""); err != nil {
		return nil, err
	}
	return f.Store.Search(ctx, req)
}

// Highlight answers as the wrapped store does, when it highlights (both
// stores do); else it marks nothing.
func (f *Faulty) Highlight(ctx context.Context, q *query.Query) (*search.Highlight, error) {
	if err := f.call(Highlight, ""); err != nil {
		return nil, err
	}
	if h, ok := f.Store.(interface {
		Highlight(context.Context, *query.Query) (*search.Highlight, error)
	}); ok {
		return h.Highlight(ctx, q)
	}
	return &search.Highlight{}, nil
}

// Warm warms the wrapped store when it is a chancery.Warmer.
func (f *Faulty) Warm(ctx context.Context) error {
	if err := f.call(Warm, ""); err != nil {
		return err
	}
	if w, ok := f.Store.(chancery.Warmer); ok {
		return w.Warm(ctx)
	}
	return nil
}

// Ping pings the wrapped store when it can be pinged (PostgreSQL).
func (f *Faulty) Ping(ctx context.Context) error {
	if err := f.call(Ping, ""); err != nil {
		return err
	}
	if p, ok := f.Store.(interface{ Ping(context.Context) error }); ok {
		return p.Ping(ctx)
	}
	return nil
}
