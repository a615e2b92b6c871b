package ingest_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/sqlite"
	"github.com/chancery-frus/chancery/tei"
)

// corpusFiles reads the shared corpus into memory once per benchmark.
func corpusFiles(b *testing.B) (names []string, data [][]byte, total int64) {
	dir := corpus.Dir(b)
	names, err := ingest.Files([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range names {
		d, err := os.ReadFile(n)
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
		total += int64(len(d))
	}
	return names, data, total
}

// parallel runs fn on every file, one worker per core, like ingest does.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// BenchmarkBaselineEncodingXML is the reference: encoding/xml alone
// tokenising every file and counting its documents, nothing kept.
func BenchmarkBaselineEncodingXML(b *testing.B) {
	_, data, total := corpusFiles(b)
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		docs := make([]int, len(data))
		parallel(len(data), func(i int) {
			dec := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data[i], []byte("\xef\xbb\xbf"))))
			for {
				tok, err := dec.Token()
				if err != nil {
					break
				}
				if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "div" {
					for _, a := range se.Attr {
						if a.Name.Local == "type" && a.Value == "document" {
							docs[i]++
						}
					}
				}
			}
		})
	}
}

// BenchmarkDecode decodes every volume into the domain model.
func BenchmarkDecode(b *testing.B) {
	names, data, total := corpusFiles(b)
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		parallel(len(data), func(i int) {
			if _, err := tei.Decode(data[i], filepath.Base(names[i])); err != nil {
				b.Error(err)
			}
		})
	}
}

// BenchmarkIngest runs the whole ingest, files to a fresh SQLite database,
// as `chancery ingest` does.
func BenchmarkIngest(b *testing.B) {
	names, _, total := corpusFiles(b)
	b.SetBytes(total)
	ctx := context.Background()
	var size int64
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "bench.db")
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s := ingest.Run(ctx, db, names, ingest.Options{})
		if !s.OK() {
			b.Fatalf("%d inputs failed", s.Failed)
		}
		b.StopTimer()
		db.Close()
		if info, err := os.Stat(path); err == nil {
			size = info.Size()
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(size)/float64(total), "db/xml")
}
