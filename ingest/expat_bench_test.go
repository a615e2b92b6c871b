//go:build cgo && expat

package ingest_test

import (
	"path/filepath"
	"testing"

	"github.com/chancery-frus/chancery/internal/expat"
)

// BenchmarkBaselineExpat is the C reference beside BenchmarkBaselineEncodingXML:
// libexpat alone parsing every file of the same corpus, read into memory
// first, on all cores, counting elements and keeping nothing. It needs cgo,
// libexpat and `-tags expat`.
func BenchmarkBaselineExpat(b *testing.B) {
	names, data, total := corpusFiles(b)
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		parallel(len(data), func(i int) {
			if _, err := expat.Parse(data[i]); err != nil {
				b.Errorf("%s: %v", filepath.Base(names[i]), err)
			}
		})
	}
}
