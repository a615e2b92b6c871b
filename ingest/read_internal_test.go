package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// endless is an input that never ends (as /dev/zero), counting what is read.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.read += int64(len(p))
	return len(p), nil
}

// TestReadLimited: an input longer than the limit is refused after
// limit + 1 bytes, however long it is; one of the limit is read whole.
func TestReadLimited(t *testing.T) {
	const limit = 1 << 20
	for _, size := range []int64{0, 4096, limit + 4096} { // what the file claimed
		r := &endless{}
		_, err := readLimited(r, size, limit)
		if err == nil || !strings.Contains(err.Error(), "file too large: more than 1 MB") {
			t.Errorf("endless input claiming %d bytes: %v", size, err)
		}
		if r.read > limit+1 {
			t.Errorf("endless input claiming %d bytes: read %d bytes, want at most %d", size, r.read, limit+1)
		}
	}
	data := strings.Repeat("x", limit)
	got, err := readLimited(strings.NewReader(data), limit, limit)
	if err != nil || len(got) != limit {
		t.Errorf("input of the limit: %d bytes, %v", len(got), err)
	}
	// A file over the limit is refused by its size, before it is read.
	path := filepath.Join(t.TempDir(), "x.xml")
	os.WriteFile(path, []byte(data+"more"), 0o644)
	if _, err := readFile(context.Background(), path, limit); err == nil || !strings.Contains(err.Error(), "file too large: 1048580 bytes, over the limit of 1 MB for one volume") {
		t.Errorf("file over the limit: %v", err)
	}
}
