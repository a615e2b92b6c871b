// Package fetch downloads FRUS volumes from the publisher's public
// repository, a mirror, or a local directory, into a data directory,
// without ever leaving a partial file behind.
package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// DefaultSource is the raw files of the publisher's public repository of
// FRUS volumes; a volume is at DefaultSource + id + ".xml".
const DefaultSource = "https://raw.githubusercontent.com/HistoryAtState/frus/master/volumes/"

var validID = regexp.MustCompile(`^frus[0-9A-Za-z][0-9A-Za-z_.-]*$`)

// ValidID reports whether id looks like a FRUS volume id (frus1961-63v05,
// frus1917Supp02v02, frus1969-76ve05p1…).
func ValidID(id string) bool {
	return validID.MatchString(id) && !strings.Contains(id, "..")
}

// Fetcher fetches volumes from Source into Dir.
type Fetcher struct {
	// Source is a URL prefix (http or https) under which a volume is
	// id + ".xml", or a local directory holding id.xml (or volumes/id.xml,
	// as in a clone of the publisher's repository). Empty means
	// DefaultSource.
	Source string
	// Dir is the data directory the volumes are kept in.
	Dir string
	// Client makes the HTTP requests; nil means a client with a 10-minute
	// overall timeout.
	Client *http.Client
	// Progress, if set, returns a writer that is sent the bytes of a
	// volume as they arrive; size is -1 when unknown.
	Progress func(id string, size int64) io.Writer
}

func (f *Fetcher) source() string {
	if f.Source == "" {
		return DefaultSource
	}
	return f.Source
}

// IsURL reports whether a source is fetched over HTTP.
func IsURL(source string) bool {
	return strings.HasPrefix(source, "http://") || strings.HasPrefix(source, "https://")
}

// Location returns where a volume is fetched from.
func (f *Fetcher) Location(id string) string {
	src := f.source()
	if IsURL(src) {
		return strings.TrimSuffix(src, "/") + "/" + url.PathEscape(id) + ".xml"
	}
	return filepath.Join(strings.TrimPrefix(src, "file://"), id+".xml")
}

// Fetch downloads one volume into a temporary file in Dir and returns its
// bytes and the temporary file's path. The caller checks the bytes and
// either calls Keep to move the file into place or Discard to remove it.
// On error no file is left behind.
func (f *Fetcher) Fetch(ctx context.Context, id string) (data []byte, tmp string, err error) {
	if !ValidID(id) {
		return nil, "", fmt.Errorf("%q is not a FRUS volume id (like frus1961-63v05)", id)
	}
	if err := os.MkdirAll(f.Dir, 0o755); err != nil {
		return nil, "", fmt.Errorf("data directory: %w", err)
	}
	f.removeStale(id)
	body, size, where, err := f.open(ctx, id)
	if err != nil {
		return nil, "", err
	}
	defer body.Close()
	file, err := os.CreateTemp(f.Dir, "."+id+".*.part")
	if err != nil {
		return nil, "", fmt.Errorf("data directory: %w", err)
	}
	name := file.Name()
	defer func() {
		if err != nil {
			file.Close()
			os.Remove(name)
		}
	}()
	var sink bytes.Buffer
	if size > 0 {
		sink.Grow(int(size))
	}
	w := io.MultiWriter(file, &sink)
	if f.Progress != nil {
		if p := f.Progress(id, size); p != nil {
			w = io.MultiWriter(w, p)
		}
	}
	n, err := io.Copy(w, ctxReader{ctx, body})
	if err != nil {
		return nil, "", fmt.Errorf("get %s: %s: %w", id, where, err)
	}
	if size >= 0 && n != size {
		return nil, "", fmt.Errorf("get %s: %s: download ended after %d of %d bytes", id, where, n, size)
	}
	if err := file.Sync(); err != nil {
		return nil, "", fmt.Errorf("get %s: %w", id, err)
	}
	if err := file.Close(); err != nil {
		return nil, "", fmt.Errorf("get %s: %w", id, err)
	}
	return sink.Bytes(), name, nil
}

// Keep moves a fetched temporary file to its place in Dir and returns
// that path.
func (f *Fetcher) Keep(id, tmp string) (string, error) {
	dst := filepath.Join(f.Dir, id+".xml")
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("keep %s: %w", id, err)
	}
	return dst, nil
}

// Discard removes a fetched temporary file.
func (f *Fetcher) Discard(tmp string) { os.Remove(tmp) }

// removeStale removes temporary files a killed earlier run left behind.
func (f *Fetcher) removeStale(id string) {
	old, _ := filepath.Glob(filepath.Join(f.Dir, "."+id+".*.part"))
	for _, p := range old {
		if info, err := os.Stat(p); err == nil && time.Since(info.ModTime()) > time.Minute {
			os.Remove(p)
		}
	}
}

func (f *Fetcher) open(ctx context.Context, id string) (body io.ReadCloser, size int64, where string, err error) {
	src := f.source()
	if !IsURL(src) {
		dir := strings.TrimPrefix(src, "file://")
		for _, p := range []string{filepath.Join(dir, id+".xml"), filepath.Join(dir, "volumes", id+".xml")} {
			file, err := os.Open(p)
			if err == nil {
				info, err := file.Stat()
				if err != nil {
					file.Close()
					return nil, 0, p, fmt.Errorf("get %s: %w", id, err)
				}
				return file, info.Size(), p, nil
			}
			if !errors.Is(err, os.ErrNotExist) {
				return nil, 0, p, fmt.Errorf("get %s: %w", id, err)
			}
		}
		if _, err := os.Stat(dir); err != nil {
			return nil, 0, dir, fmt.Errorf("get %s: source directory %s: %w", id, dir, errors.Unwrap(err))
		}
		return nil, 0, dir, fmt.Errorf("get %s: no %s.xml in %s", id, id, dir)
	}
	where = f.Location(id)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, where, nil)
	if err != nil {
		return nil, 0, where, fmt.Errorf("get %s: %w", id, err)
	}
	req.Header.Set("User-Agent", "chancery (FRUS reader)")
	client := f.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Minute}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, where, fmt.Errorf("get %s: %w", id, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound {
			return nil, 0, where, fmt.Errorf("get %s: %s: no such volume at the source (404 Not Found)", id, where)
		}
		return nil, 0, where, fmt.Errorf("get %s: %s: %s", id, where, resp.Status)
	}
	return resp.Body, resp.ContentLength, where, nil
}

// ctxReader stops a copy when its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
