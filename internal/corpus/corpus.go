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
