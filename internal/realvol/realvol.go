// Package realvol decodes the real volumes of the shared corpus
// (internal/corpus) for tests and benchmarks.
package realvol

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/tei"
)

// Decode decodes a volume's file.
func Decode(tb testing.TB, file string) *chancery.VolumeData {
	tb.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	vd, err := tei.Decode(data, filepath.Base(file))
	if err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
	return vd
}

// All decodes the corpus's volumes and the modern excerpts, in order
// (skipped without them, but under CI, as internal/corpus says).
func All(tb testing.TB) []*chancery.VolumeData {
	tb.Helper()
	var out []*chancery.VolumeData
	for _, f := range append(corpus.Files(tb, corpus.Dir(tb)), corpus.Files(tb, corpus.Modern(tb))...) {
		out = append(out, Decode(tb, f))
	}
	return out
}
