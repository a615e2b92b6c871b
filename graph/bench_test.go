package graph_test

import (
	"context"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/graph"
	"github.com/chancery-frus/chancery/internal/realvol"
	"github.com/chancery-frus/chancery/sqlite"
)

// BenchmarkGraph measures what the citation graph adds to an ingest of
// the shared corpus: listing and resolving each volume's citations
// (prepare, on every core as ingest decodes), and storing the volumes
// with their citations and linking them (put-graph) beside storing them
// without (put-plain, the baseline). What the graph costs is prepare +
// put-graph − put-plain; docs/performance.md sets it beside
// BenchmarkIngest of package ingest, the whole run.
func BenchmarkGraph(b *testing.B) {
	vols := realvol.All(b)
	for _, v := range vols {
		v.Volume.Hash = v.Volume.ID // stored whatever the decoder's version
	}
	b.Run("prepare", func(b *testing.B) {
		for b.Loop() {
			each(len(vols), func(i int) { graph.Prepare(vols[i], nil) })
		}
	})
	plain := make([]*chancery.VolumeData, len(vols))
	for i, v := range vols {
		vol := *v.Volume
		vol.Pages = append([]chancery.Page(nil), vol.Pages...)
		for k := range vol.Pages {
			vol.Pages[k].Docs, vol.Pages[k].Begins = nil, 0
		}
		plain[i] = &chancery.VolumeData{Volume: &vol, Documents: v.Documents, Warnings: v.Warnings}
	}
	put := func(b *testing.B, vs []*chancery.VolumeData, link bool) {
		ctx := context.Background()
		for b.Loop() {
			b.StopTimer()
			db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			for _, v := range vs {
				if _, err := db.PutVolume(ctx, v); err != nil {
					b.Fatal(err)
				}
			}
			if link {
				if _, err := graph.Link(ctx, db); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	}
	b.Run("put-plain", func(b *testing.B) { put(b, plain, false) })
	b.Run("put-graph", func(b *testing.B) { put(b, vols, true) })
}

// each runs fn for 0…n-1 on every core.
func each(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
