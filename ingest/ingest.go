// Package ingest reads TEI volumes into a chancery.Store: files are
// decoded in parallel across cores, each volume stored in one transaction,
// and unchanged volumes (same content hash) skipped.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/graph"
	"github.com/chancery-frus/chancery/identity"
	"github.com/chancery-frus/chancery/tei"
)

// Result is what became of one input file.
type Result struct {
	File     string               `json:"file"`
	Volume   string               `json:"volume,omitempty"`
	Action   string               `json:"action,omitempty"` // "added", "replaced", "unchanged"
	Stats    chancery.VolumeStats `json:"stats"`
	Warnings []chancery.Warning   `json:"warnings,omitempty"`
	Bytes    int64                `json:"bytes"`
	Err      error                `json:"-"`
}

// Summary totals a run.
type Summary struct {
	Results   []Result             `json:"results"`
	Totals    chancery.VolumeStats `json:"totals"` // over the volumes added or replaced
	ByKind    map[string]int       `json:"warningsByKind"`
	Added     int                  `json:"added"`
	Replaced  int                  `json:"replaced"`
	Unchanged int                  `json:"unchanged"`
	Failed    int                  `json:"failed"`
	Bytes     int64                `json:"bytes"`
	Elapsed   time.Duration        `json:"elapsed"`
	// Linked is what resolving the store's pending citations did, once the
	// volumes were stored (graph.Link): those of the volumes stored and
	// those of other volumes that cite them.
	Linked graph.Linked `json:"linked"`
	// Err is a failure of the run as a whole, after its volumes were put:
	// the store could not finish a bulk run (chancery.BulkWriter).
	Err error `json:"-"`
}

// OK reports whether every input was ingested (or was already stored).
func (s *Summary) OK() bool { return s.Failed == 0 && s.Err == nil }

// A run is a bulk run (chancery.BulkWriter) when it brings at least
// BulkMin volumes and at least a quarter of what is stored: the store
// then finishes it with work that reads every posting (SQLite rewrites
// them in word order, PostgreSQL clusters them), which pays only for a
// run that large.
const (
	BulkMin   = 16
	BulkShare = 4
)

// bulk tells a store that can take them faster (chancery.BulkWriter)
// that a bulk run of n volumes is coming. It returns the store to put the
// volumes in — which begins the bulk run before the first volume that is
// not already stored as it is, so that a run of unchanged files costs
// nothing — and what ends the run: that runs even when ctx is done, so
// that a store left in bulk mode by a cancelled run is put right at once.
func bulk(ctx context.Context, store chancery.Store, n int) (chancery.Store, func() error, error) {
	none := func() error { return nil }
	b, ok := store.(chancery.BulkWriter)
	if !ok || n < BulkMin {
		return store, none, nil
	}
	stored, err := store.Volumes(ctx)
	if err != nil {
		return nil, nil, err
	}
	if n*BulkShare < len(stored) {
		return store, none, nil
	}
	bs := &bulkStore{Store: store, b: b}
	return bs, func() error {
		if !bs.begun {
			return nil
		}
		return b.EndBulk(context.WithoutCancel(ctx))
	}, nil
}

// bulkStore begins a bulk run on its first put of a volume not stored as
// it is.
type bulkStore struct {
	chancery.Store
	b     chancery.BulkWriter
	mu    sync.Mutex
	begun bool
	err   error
}

func (s *bulkStore) PutVolume(ctx context.Context, v *chancery.VolumeData) (chancery.PutResult, error) {
	if v.Volume != nil {
		if h, err := s.Store.VolumeHash(ctx, v.Volume.ID); err != nil || h != v.Volume.Hash || h == "" {
			s.mu.Lock()
			if !s.begun && s.err == nil {
				if s.err = s.b.BeginBulk(ctx); s.err == nil {
					s.begun = true
				}
			}
			err := s.err
			s.mu.Unlock()
			if err != nil {
				return 0, fmt.Errorf("begin a bulk run: %w", err)
			}
		}
	}
	return s.Store.PutVolume(ctx, v)
}

// Options tune a run.
type Options struct {
	// Workers is how many files are decoded at once; 0 means one per core.
	Workers int
	// OnResult, if set, is called once per file as it finishes, from one
	// goroutine at a time.
	OnResult func(Result)
	// StopWait is how long Run waits, once ctx is done, for the files
	// being read, decoded or stored to stop; 0 means 2 seconds. Reading,
	// decoding and storing all stop at once when the context is done, but
	// a read blocked in the operating system (a hung network file system)
	// cannot: Run returns without it, and its volume is reported as not
	// ingested (its transaction, had it begun, is never committed).
	StopWait time.Duration
	// Known reports whether a volume id exists in the series (the
	// publisher's list, frus-volume-ids.txt): the citations in plain words
	// are read against it (graph.Prepare). Nil takes the usual spelling
	// of the id a citation builds.
	Known func(string) bool
}

// Run ingests files into store. When ctx is done it stops: no further
// file is begun, those under way stop, and the files not ingested are
// reported as failed with the context's cause. Each volume is stored in
// one transaction, so it is stored whole or not at all.
func Run(ctx context.Context, store chancery.Store, files []string, opt Options) *Summary {
	start := time.Now()
	store, end, err := bulk(ctx, store, len(files))
	if err != nil {
		return &Summary{Err: fmt.Errorf("begin the run: %w", err), Elapsed: time.Since(start), ByKind: map[string]int{}}
	}
	people, err := identity.Stored(ctx, store)
	if err != nil {
		end()
		return &Summary{Err: fmt.Errorf("read the datasets: %w", err), Elapsed: time.Since(start), ByKind: map[string]int{}}
	}
	s := run(ctx, store, files, opt, reading{known: opt.Known, people: people})
	if err := end(); err != nil {
		s.Err = fmt.Errorf("end the run: %w", err)
	}
	if s.Err == nil && ctx.Err() == nil {
		if s.Linked, err = graph.Link(ctx, store); err != nil {
			s.Err = fmt.Errorf("resolve the citations: %w", err)
		}
	}
	s.Elapsed = time.Since(start)
	return s
}

// reading is what a volume is read against: the publisher's volume ids,
// for its citations in plain words, and the identities of the datasets
// loaded, for its persons (nil when none is).
type reading struct {
	known  func(string) bool
	people *identity.Index
}

func run(ctx context.Context, store chancery.Store, files []string, opt Options, rd reading) *Summary {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > len(files) {
		workers = len(files)
	}
	// Workers write results and send the index on done, which never
	// blocks them: Run may stop listening before they finish.
	results := make([]Result, len(files))
	jobs := make(chan int)
	done := make(chan int, len(files))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = one(ctx, store, files[i], rd)
				done <- i
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()
	out := make([]Result, len(files))
	finished := make([]bool, len(files))
	stop := ctx.Done()
	var gone <-chan time.Time
wait:
	for {
		select {
		case i, ok := <-done:
			if !ok {
				break wait
			}
			finished[i] = true
			out[i] = results[i]
			if opt.OnResult != nil {
				opt.OnResult(out[i])
			}
		case <-stop:
			stop = nil
			wait := opt.StopWait
			if wait <= 0 {
				wait = 2 * time.Second
			}
			gone = time.After(wait)
		case <-gone:
			break wait
		}
	}
	for i, f := range finished {
		if !f {
			out[i] = Result{File: files[i], Err: fmt.Errorf("%s: not ingested: %w", tei.PrintableName(files[i]), context.Cause(ctx))}
		}
	}
	s := &Summary{Results: out, ByKind: map[string]int{}}
	for _, r := range out {
		s.Bytes += r.Bytes
		switch {
		case r.Err != nil:
			s.Failed++
			continue
		case r.Action == chancery.Unchanged.String():
			s.Unchanged++
			continue
		case r.Action == chancery.Added.String():
			s.Added++
		case r.Action == chancery.Replaced.String():
			s.Replaced++
		}
		s.Totals.Add(r.Stats)
		for _, w := range r.Warnings {
			s.ByKind[w.Kind]++
		}
	}
	return s
}

// One ingests a single file (ReadFile says which files are read).
func One(ctx context.Context, store chancery.Store, file string) Result {
	return one(ctx, store, file, reading{})
}

func one(ctx context.Context, store chancery.Store, file string, rd reading) Result {
	data, err := ReadFile(ctx, file)
	if err != nil {
		return Result{File: file, Err: err}
	}
	return ingestData(ctx, store, file, data, rd)
}

// Data ingests the bytes of one volume read from file.
func Data(ctx context.Context, store chancery.Store, file string, data []byte) Result {
	return ingestData(ctx, store, file, data, reading{})
}

func ingestData(ctx context.Context, store chancery.Store, file string, data []byte, rd reading) Result {
	hash := ContentHash(data)
	// Volumes are usually named after their id: when the stored version of
	// that id has the same hash, there is nothing to decode.
	guess := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	if h, err := store.VolumeHash(ctx, guess); err == nil && h == hash {
		return Result{File: file, Bytes: int64(len(data)), Volume: guess, Action: chancery.Unchanged.String()}
	}
	v, err := decode(ctx, file, data, rd)
	if err != nil {
		return Result{File: file, Bytes: int64(len(data)), Err: err}
	}
	return Put(ctx, store, file, v)
}

// Decode decodes the bytes of a volume read from file and records their
// provenance: content hash, file name and size.
func Decode(file string, data []byte) (*chancery.VolumeData, error) {
	return DecodeContext(context.Background(), file, data)
}

// DecodeContext is Decode, stopping when ctx is done.
func DecodeContext(ctx context.Context, file string, data []byte) (*chancery.VolumeData, error) {
	return decode(ctx, file, data, reading{})
}

// decode decodes a volume and readies it to be stored (graph.Prepare),
// its citations in plain words read against known.
func decode(ctx context.Context, file string, data []byte, rd reading) (*chancery.VolumeData, error) {
	v, err := tei.DecodeContext(ctx, data, file, tei.Limits{})
	if err != nil {
		return nil, err
	}
	v.Volume.Hash = ContentHash(data)
	v.Volume.Source = filepath.Base(file)
	v.Volume.Bytes = int64(len(data))
	graph.Prepare(v, rd.known)
	if rd.people != nil {
		v.People = rd.people.Volume(v)
	}
	return v, nil
}

// DecodeFile reads (as ReadFile) and decodes one volume file.
func DecodeFile(file string) (*chancery.VolumeData, error) {
	data, err := ReadFile(context.Background(), file)
	if err != nil {
		return nil, err
	}
	return Decode(file, data)
}

// Put stores a decoded volume, unless the reader could not read its
// records back (Readable).
func Put(ctx context.Context, store chancery.Store, file string, v *chancery.VolumeData) Result {
	r := Result{File: file, Bytes: v.Volume.Bytes, Volume: v.Volume.ID, Warnings: v.Warnings, Stats: v.Stats()}
	if err := Readable(v); err != nil {
		r.Err = fmt.Errorf("%s: %w", tei.PrintableName(file), err)
		return r
	}
	action, err := store.PutVolume(ctx, v)
	if err != nil {
		r.Err = fmt.Errorf("%s: %w", tei.PrintableName(file), err)
		return r
	}
	r.Action = action.String()
	return r
}

// ContentHash is the hash by which a stored volume is known to be
// unchanged: the SHA-256 of its file, qualified by the versions of the
// decoder and of the citation graph's reading, so that a newer reading
// stores a volume again.
func ContentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]) + "/" + tei.Version + "." + graph.Version
}
