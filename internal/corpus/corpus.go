// Package corpus finds the shared corpus of real FRUS volumes that
// integration tests and benchmarks run on.
package corpus

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir returns the directory of real FRUS volumes: $CHANCERY_CORPUS, else
// ../shared/corpus/frus beside the repository. When it is missing the test
// is skipped, except under CI (CI=true), where it fails.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("CHANCERY_CORPUS")
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus", "frus")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	if len(files) == 0 {
		if os.Getenv("CI") != "" {
			tb.Fatalf("no corpus at %s (set CHANCERY_CORPUS)", dir)
		}
		tb.Skipf("no corpus at %s (set CHANCERY_CORPUS to run this)", dir)
	}
	return dir
}

// Modern returns the directory of real excerpts of modern volumes: the
// directory "modern" beside Dir's. Tests are skipped without it, except
// under CI, where they fail.
func Modern(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(filepath.Dir(Dir(tb)), "modern")
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	if len(files) == 0 {
		if os.Getenv("CI") != "" {
			tb.Fatalf("no modern excerpts at %s", dir)
		}
		tb.Skipf("no modern excerpts at %s", dir)
	}
	return dir
}

// Files returns the XML files of a directory, sorted.
func Files(tb testing.TB, dir string) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no XML files in %s", dir)
	}
	return files
}

// Datasets returns the directory of the publisher's reference datasets
// (frus-volume-ids.txt, people.tar.gz …): "datasets" beside the
// corpus's parent, ../shared/datasets. Tests are skipped without it,
// except under CI, where they fail.
func Datasets(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(filepath.Dir(filepath.Dir(Dir(tb))), "datasets")
	if _, err := os.Stat(filepath.Join(dir, "frus-volume-ids.txt")); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("no datasets at %s", dir)
		}
		tb.Skipf("no datasets at %s", dir)
	}
	return dir
}
