package fetch_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery/fetch"
)

func TestArchiveLocation(t *testing.T) {
	for _, c := range []struct{ source, want string }{
		{"", "https://github.com/HistoryAtState/pocom/archive/refs/heads/master.tar.gz"},
		{"https://mirror.example.org/datasets/", "https://mirror.example.org/datasets/pocom.tar.gz"},
		{"/srv/datasets", "/srv/datasets/pocom.tar.gz"},
		{"file:///srv/datasets", "/srv/datasets/pocom.tar.gz"},
	} {
		if got := fetch.ArchiveLocation(c.source, "pocom"); got != c.want {
			t.Errorf("ArchiveLocation(%q) = %q, want %q", c.source, got, c.want)
		}
	}
}

// TestOpenArchive: from a directory or over HTTP, within the limit;
// refused past it, from a missing file, a link, or a failing server.
func TestOpenArchive(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	body := strings.Repeat("x", 100)
	if err := os.WriteFile(filepath.Join(dir, "travels.tar.gz"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "people.tar.gz")); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/d/travels.tar.gz":
			io.WriteString(w, body)
		case "/d/pocom.tar.gz": // no length announced, too long
			w.(http.Flusher).Flush()
			io.WriteString(w, body+body)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	read := func(source, name string) (string, error) {
		r, _, err := fetch.OpenArchive(ctx, srv.Client(), source, name, 150)
		if err != nil {
			return "", err
		}
		defer r.Close()
		b, err := io.ReadAll(r)
		return string(b), err
	}
	for _, c := range []struct {
		source, name, fails string
	}{
		{dir, "travels", ""},
		{srv.URL + "/d/", "travels", ""},
		{dir, "pocom", "no such file"},
		{dir, "people", "not a regular file"},
		{srv.URL + "/d/", "pocom", "the limit for an archive"},
		{srv.URL + "/d/", "people", "404"},
	} {
		got, err := read(c.source, c.name)
		switch {
		case c.fails == "" && (err != nil || got != body):
			t.Errorf("%s from %s: %d bytes, %v", c.name, c.source, len(got), err)
		case c.fails != "" && (err == nil || !strings.Contains(err.Error(), c.fails)):
			t.Errorf("%s from %s: %v, want an error with %q", c.name, c.source, err, c.fails)
		}
	}
	if _, _, err := fetch.OpenArchive(ctx, nil, dir, "travels", 50); err == nil || !strings.Contains(err.Error(), "over the limit") {
		t.Errorf("a local archive over the limit: %v", err)
	}
}
