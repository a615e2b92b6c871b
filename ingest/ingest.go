// Package ingest reads TEI volumes into a chancery.Store: files are
// decoded in parallel across cores, each volume stored in one transaction,
// and unchanged volumes (same content hash) skipped.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chancery-frus/chancery"
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
}

// OK reports whether every input was ingested (or was already stored).
func (s *Summary) OK() bool { return s.Failed == 0 }

// Options tune a run.
type Options struct {
	// Workers is how many files are decoded at once; 0 means one per core.
	Workers int
	// OnResult, if set, is called once per file as it finishes, from one
	// goroutine at a time.
	OnResult func(Result)
}

// Files expands the given paths: files are taken as they are, directories
// for the *.xml files they hold (not recursively), sorted by name.
func Files(paths []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", p, errors.Unwrap(err))
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", p, err)
		}
		var names []string
		for _, e := range entries {
			if e.Type().IsRegular() && strings.EqualFold(filepath.Ext(e.Name()), ".xml") {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		if len(names) == 0 {
			return nil, fmt.Errorf("input %s: no .xml files in directory", p)
		}
		for _, n := range names {
			add(filepath.Join(p, n))
		}
	}
	return out, nil
}

// Run ingests files into store.
func Run(ctx context.Context, store chancery.Store, files []string, opt Options) *Summary {
	start := time.Now()
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > len(files) {
		workers = len(files)
	}
	results := make([]Result, len(files))
	jobs := make(chan int)
	done := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = One(ctx, store, files[i])
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
	finished := make([]bool, len(files))
	for i := range done {
		finished[i] = true
		if opt.OnResult != nil {
			opt.OnResult(results[i])
		}
	}
	for i, f := range finished {
		if !f {
			results[i] = Result{File: files[i], Err: fmt.Errorf("%s: not ingested: %w", files[i], context.Cause(ctx))}
		}
	}
	s := &Summary{Results: results, ByKind: map[string]int{}}
	for _, r := range results {
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
	s.Elapsed = time.Since(start)
	return s
}

// One ingests a single file.
func One(ctx context.Context, store chancery.Store, file string) Result {
	r := Result{File: file}
	data, err := os.ReadFile(file)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		r.Err = fmt.Errorf("%s: %w", file, err)
		return r
	}
	return Data(ctx, store, file, data)
}

// Data ingests the bytes of one volume read from file.
func Data(ctx context.Context, store chancery.Store, file string, data []byte) Result {
	hash := ContentHash(data)
	// Volumes are usually named after their id: when the stored version of
	// that id has the same hash, there is nothing to decode.
	guess := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	if h, err := store.VolumeHash(ctx, guess); err == nil && h == hash {
		return Result{File: file, Bytes: int64(len(data)), Volume: guess, Action: chancery.Unchanged.String()}
	}
	v, err := Decode(file, data)
	if err != nil {
		return Result{File: file, Bytes: int64(len(data)), Err: err}
	}
	return Put(ctx, store, file, v)
}

// Decode decodes the bytes of a volume read from file and records their
// provenance: content hash, file name and size.
func Decode(file string, data []byte) (*chancery.VolumeData, error) {
	v, err := tei.Decode(data, file)
	if err != nil {
		return nil, err
	}
	v.Volume.Hash = ContentHash(data)
	v.Volume.Source = filepath.Base(file)
	v.Volume.Bytes = int64(len(data))
	return v, nil
}

// DecodeFile reads and decodes one volume file.
func DecodeFile(file string) (*chancery.VolumeData, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return Decode(file, data)
}

// Put stores a decoded volume.
func Put(ctx context.Context, store chancery.Store, file string, v *chancery.VolumeData) Result {
	r := Result{File: file, Bytes: v.Volume.Bytes, Volume: v.Volume.ID, Warnings: v.Warnings, Stats: v.Stats()}
	action, err := store.PutVolume(ctx, v)
	if err != nil {
		r.Err = fmt.Errorf("%s: %w", file, err)
		return r
	}
	r.Action = action.String()
	return r
}

// ContentHash is the hash by which a stored volume is known to be
// unchanged: the SHA-256 of its file, qualified by the decoder's version so
// that a newer decoder stores a volume again.
func ContentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]) + "/" + tei.Version
}
