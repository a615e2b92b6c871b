package datasets

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/corpus"
)

// BenchmarkLoad reads the publisher's three archives: unpacking them
// alone (the baseline: gunzip and tar), then loading them as records.
func BenchmarkLoad(b *testing.B) {
	var archives [][]byte
	for _, name := range chancery.DatasetNames {
		data, err := os.ReadFile(filepath.Join(corpus.Datasets(b), name+".tar.gz"))
		if err != nil {
			b.Fatal(err)
		}
		archives = append(archives, data)
	}
	b.Run("unpack", func(b *testing.B) {
		for b.Loop() {
			for i, data := range archives {
				if err := walk(context.Background(), bytes.NewReader(data), chancery.DatasetNames[i], Limits{}, func(string, []byte) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			for i, data := range archives {
				if _, _, err := Load(context.Background(), chancery.DatasetNames[i], bytes.NewReader(data), chancery.DatasetNames[i], Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
