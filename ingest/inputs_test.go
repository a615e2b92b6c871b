//go:build unix

package ingest_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
)

// runWithin runs fn, failing the test if it has not returned within a
// minute (a FIFO opened for reading, say, would block it for ever).
func runWithin[T any](t *testing.T, fn func() T) T {
	t.Helper()
	got := make(chan T, 1)
	go func() { got <- fn() }()
	select {
	case v := <-got:
		return v
	case <-time.After(time.Minute):
		t.Fatal("still running after a minute")
	}
	panic("unreachable")
}

// TestInputs ingests good volumes among every kind of bad input: each bad
// one fails at once with a message naming it (quoted when its name holds
// control characters), and the good ones are stored.
func TestInputs(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("../testdata/volumes/frus1895Supp.xml")
	if err != nil {
		t.Fatal(err)
	}
	path := func(name string) string { return filepath.Join(dir, name) }
	os.WriteFile(path("frus1895Supp.xml"), good, 0o644)
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "target.xml"), []byte(strings.Replace(string(good), "frus1895Supp", "frus1895Link", -1)), 0o644)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(filepath.Join(other, "target.xml"), path("link.xml")))
	must(os.Symlink(path("loop.xml"), path("loop.xml")))
	must(os.Symlink(path("nowhere"), path("dangling.xml")))
	must(os.Symlink("/dev/zero", path("zero.xml")))
	must(syscall.Mkfifo(path("fifo.xml"), 0o644))
	l, err := net.Listen("unix", path("sock.xml"))
	must(err)
	defer l.Close()
	// A sparse file of 2 GB: refused by its size, never read.
	big, err := os.Create(path("big.xml"))
	must(err)
	must(big.Truncate(2 << 30))
	big.Close()
	must(os.Mkdir(path("sub.xml"), 0o755)) // a directory: not an input
	escape := "esc\x1b[31mred.xml"
	os.WriteFile(path(escape), good[:100], 0o644)
	empty := t.TempDir()

	db := openDB(t)
	missing := filepath.Join(dir, "missing", "volume.xml")
	var seen []string
	s := runWithin(t, func() *ingest.Summary {
		return ingest.RunPaths(context.Background(), db, []string{dir, missing, empty}, ingest.Options{OnResult: func(r ingest.Result) {
			seen = append(seen, r.File)
		}})
	})
	want := map[string]string{ // file: part of its error; "" means stored
		path("frus1895Supp.xml"): "",
		path("link.xml"):         "",
		path("loop.xml"):         "too many levels of symbolic links",
		path("dangling.xml"):     "no such file or directory",
		path("zero.xml"):         "not a regular file: a character device",
		path("fifo.xml"):         "not a regular file: a named pipe (FIFO)",
		path("sock.xml"):         "not a regular file: a socket",
		path("big.xml"):          "file too large: 2 GB, over the limit of 256 MB for one volume",
		path(escape):             `"` + dir + `/esc\x1b[31mred.xml":`,
		missing:                  missing + ": no such file or directory",
		empty:                    empty + ": no .xml files in directory",
	}
	if len(s.Results) != len(want) || len(seen) != len(want) {
		t.Errorf("%d results, %d reported, want %d: %v", len(s.Results), len(seen), len(want), seen)
	}
	for _, r := range s.Results {
		msg, ok := want[r.File]
		switch {
		case !ok:
			t.Errorf("unexpected input %q", r.File)
		case msg == "" && r.Err != nil:
			t.Errorf("%s: %v", r.File, r.Err)
		case msg != "" && (r.Err == nil || !strings.Contains(r.Err.Error(), msg)):
			t.Errorf("%s: error %v, want %q", r.File, r.Err, msg)
		case r.Err != nil && strings.ContainsRune(r.Err.Error(), '\x1b'):
			t.Errorf("%s: error holds a raw escape: %q", r.File, r.Err)
		}
	}
	if s.Failed != len(want)-2 || s.Added != 2 {
		t.Errorf("failed %d, added %d; want %d and 2", s.Failed, s.Added, len(want)-2)
	}
	if _, err := db.Volume(context.Background(), "frus1895Link"); err != nil {
		t.Errorf("the volume behind a symbolic link: %v", err)
	}
}

// stuckStore blocks in PutVolume, whatever its context, until released:
// a worker that cannot be stopped.
type stuckStore struct {
	chancery.Store
	entered chan struct{}
	release chan struct{}
}

func (s *stuckStore) PutVolume(ctx context.Context, v *chancery.VolumeData) (chancery.PutResult, error) {
	s.entered <- struct{}{}
	<-s.release
	return 0, errors.New("released")
}

// TestInterrupted: once its context is done, a run begins no more files,
// and returns even while a worker is stuck, reporting what was not
// ingested with the cause; nothing is stored.
func TestInterrupted(t *testing.T) {
	files, err := ingest.Files([]string{"../testdata/volumes"})
	if err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	store := &stuckStore{Store: db, entered: make(chan struct{}, len(files)), release: make(chan struct{})}
	defer close(store.release)
	ctx, cancel := context.WithCancelCause(context.Background())
	go func() {
		<-store.entered
		cancel(errors.New("interrupt signal received"))
	}()
	s := runWithin(t, func() *ingest.Summary {
		return ingest.Run(ctx, store, files, ingest.Options{Workers: 1, StopWait: 10 * time.Millisecond})
	})
	if s.Failed != len(files) {
		t.Errorf("%d of %d failed", s.Failed, len(files))
	}
	for _, r := range s.Results {
		if r.Err == nil || !strings.Contains(r.Err.Error(), r.File+": not ingested: interrupt signal received") {
			t.Errorf("%s: %v", r.File, r.Err)
		}
	}
	if vols, _ := db.Volumes(context.Background()); len(vols) != 0 {
		t.Errorf("stored %d volumes", len(vols))
	}
}
