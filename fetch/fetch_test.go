package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chancery-frus/chancery/fetch"
)

func volumeBytes(t *testing.T) []byte {
	data, err := os.ReadFile("../testdata/volumes/frus1895Supp.xml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// leftovers lists the files in dir, so a test can check that nothing
// partial stayed behind.
func leftovers(t *testing.T, dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFetchHTTP(t *testing.T) {
	data := volumeBytes(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/volumes/frus1895Supp.xml" {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	defer srv.Close()
	dir := t.TempDir()
	f := &fetch.Fetcher{Source: srv.URL + "/volumes/", Dir: dir}
	got, tmp, err := f.Fetch(context.Background(), "frus1895Supp")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(data) {
		t.Error("fetched bytes differ")
	}
	path, err := f.Keep("frus1895Supp", tmp)
	if err != nil {
		t.Fatal(err)
	}
	if kept, _ := os.ReadFile(path); string(kept) != string(data) || filepath.Base(path) != "frus1895Supp.xml" {
		t.Errorf("kept %s with %d bytes", path, len(kept))
	}
	if names := leftovers(t, dir); len(names) != 1 {
		t.Errorf("data directory holds %v, want only the volume", names)
	}

	_, _, err = f.Fetch(context.Background(), "frus1900missing")
	if err == nil || !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), "frus1900missing") {
		t.Errorf("missing volume: err = %v", err)
	}
	if names := leftovers(t, dir); len(names) != 1 {
		t.Errorf("after a failed fetch the data directory holds %v", names)
	}
}

func TestFetchLocalDirectory(t *testing.T) {
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "volumes"), 0o755)
	os.WriteFile(filepath.Join(src, "volumes", "frus1895Supp.xml"), volumeBytes(t), 0o644)
	dir := t.TempDir()
	f := &fetch.Fetcher{Source: src, Dir: dir}
	got, tmp, err := f.Fetch(context.Background(), "frus1895Supp")
	if err != nil || len(got) == 0 {
		t.Fatalf("Fetch from a repository clone: %v", err)
	}
	f.Discard(tmp)
	if names := leftovers(t, dir); len(names) != 0 {
		t.Errorf("after Discard the data directory holds %v", names)
	}
	if _, _, err := f.Fetch(context.Background(), "frus1900missing"); err == nil || !strings.Contains(err.Error(), "no frus1900missing.xml in") {
		t.Errorf("missing file: err = %v", err)
	}
	f.Source = filepath.Join(src, "nope")
	if _, _, err := f.Fetch(context.Background(), "frus1895Supp"); err == nil || !strings.Contains(err.Error(), "source directory") {
		t.Errorf("missing source directory: err = %v", err)
	}
}

func TestFetchFailingSources(t *testing.T) {
	data := volumeBytes(t)
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"server error", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}, "500"},
		{"truncated body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100000")
			w.Write(data[:1000])
		}, "frus1895Supp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			dir := t.TempDir()
			f := &fetch.Fetcher{Source: srv.URL, Dir: dir}
			_, _, err := f.Fetch(context.Background(), "frus1895Supp")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
			if names := leftovers(t, dir); len(names) != 0 {
				t.Errorf("data directory holds %v after a failure", names)
			}
		})
	}
	t.Run("dead server", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		dir := t.TempDir()
		f := &fetch.Fetcher{Source: url, Dir: dir}
		_, _, err := f.Fetch(context.Background(), "frus1895Supp")
		if err == nil || !strings.Contains(err.Error(), "connect") {
			t.Errorf("err = %v, want a connection error", err)
		}
	})
}

// TestFetchInterrupted cancels a download half-way: no partial file stays.
func TestFetchInterrupted(t *testing.T) {
	data := volumeBytes(t)
	started := make(chan struct{})
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		w.Write(data[:2000])
		w.(http.Flusher).Flush()
		close(started)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	dir := t.TempDir()
	f := &fetch.Fetcher{Source: srv.URL, Dir: dir}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	_, _, err := f.Fetch(ctx, "frus1895Supp")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if names := leftovers(t, dir); len(names) != 0 {
		t.Errorf("data directory holds %v after an interrupted download", names)
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"frus1961-63v05": true, "frus1917Supp02v02": true, "frus1969-76ve05p1": true, "frus1861": true,
		"": false, "../etc/passwd": false, "frus../x": false, "frus1861/x": false, "volume": false,
	} {
		if got := fetch.ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", id, got, want)
		}
	}
}
