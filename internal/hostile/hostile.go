// Package hostile reads the committed list of hostile inputs
// (testdata/hostile) that the reader's hostile-request tests send and the
// parsers' fuzz targets take as seeds.
package hostile

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// Queries returns the hostile search inputs of testdata/hostile/queries.txt:
// each line a Go string literal, or `repeat N "unit"` for unit repeated N
// times; lines starting with # are comments.
func Queries(tb testing.TB) []string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "hostile", "queries.txt")
	qs, err := read(path)
	if err != nil {
		tb.Fatal(err)
	}
	return qs
}

func read(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, err := parseLine(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, q)
	}
	return out, sc.Err()
}

func parseLine(line string) (string, error) {
	if rest, ok := strings.CutPrefix(line, "repeat "); ok {
		count, unit, ok := strings.Cut(rest, " ")
		if !ok {
			return "", fmt.Errorf("repeat needs a count and a unit")
		}
		n, err := strconv.Atoi(count)
		if err != nil || n < 1 || n > 1_000_000 {
			return "", fmt.Errorf("repeat count %q", count)
		}
		u, err := strconv.Unquote(unit)
		if err != nil {
			return "", fmt.Errorf("repeat unit %s: %w", unit, err)
		}
		return strings.Repeat(u, n), nil
	}
	return strconv.Unquote(line)
}
