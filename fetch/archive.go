package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultArchive is where the publisher's repository of a reference
// dataset (HistoryAtState/people, pocom, travels) serves its branch
// archive: DefaultArchive + name + ArchiveBranch.
const (
	DefaultArchive = "https://github.com/HistoryAtState/"
	ArchiveBranch  = "/archive/refs/heads/master.tar.gz"
)

// ArchiveLocation returns where the archive of the dataset name is read
// from: the publisher's repository when source is empty; else source, a
// mirror URL or a local directory, holding name.tar.gz (as
// ../shared/datasets does).
func ArchiveLocation(source, name string) string {
	switch {
	case source == "":
		return DefaultArchive + name + ArchiveBranch
	case IsURL(source):
		return strings.TrimSuffix(source, "/") + "/" + name + ".tar.gz"
	}
	return filepath.Join(strings.TrimPrefix(source, "file://"), name+".tar.gz")
}

// OpenArchive opens the archive of the dataset name for reading, from
// ArchiveLocation(source, name), and returns where that is. A local
// archive must be a regular file; a download larger than limit bytes is
// cut off with an error, read as it arrives (the caller never holds it
// on disk). client nil means a client with a 10-minute overall timeout.
func OpenArchive(ctx context.Context, client *http.Client, source, name string, limit int64) (io.ReadCloser, string, error) {
	where := ArchiveLocation(source, name)
	if !IsURL(where) {
		info, err := os.Lstat(where)
		if err != nil {
			return nil, where, fmt.Errorf("get %s: %w", name, err)
		}
		if !info.Mode().IsRegular() {
			return nil, where, fmt.Errorf("get %s: %s is not a regular file", name, where)
		}
		if info.Size() > limit {
			return nil, where, fmt.Errorf("get %s: %s is %d bytes, over the limit of %d for an archive", name, where, info.Size(), limit)
		}
		f, err := os.Open(where)
		if err != nil {
			return nil, where, fmt.Errorf("get %s: %w", name, err)
		}
		return f, where, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, where, nil)
	if err != nil {
		return nil, where, fmt.Errorf("get %s: %w", name, err)
	}
	req.Header.Set("User-Agent", "chancery (FRUS reader)")
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Minute}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, where, fmt.Errorf("get %s: %w", name, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, where, fmt.Errorf("get %s: %s: %s", name, where, resp.Status)
	}
	if resp.ContentLength > limit {
		resp.Body.Close()
		return nil, where, fmt.Errorf("get %s: %s announces %d bytes, over the limit of %d for an archive", name, where, resp.ContentLength, limit)
	}
	return Capped(resp.Body, limit, func() error {
		return fmt.Errorf("get %s: more than %d bytes, the limit for an archive", name, limit)
	}), where, nil
}

// Capped returns body reading at most limit + 1 bytes, and failing with
// tooLarge once more than limit have arrived: a download cut off at its
// limit, whatever its announced length.
func Capped(body io.ReadCloser, limit int64, tooLarge func() error) io.ReadCloser {
	return &cappedBody{ReadCloser: body, limit: limit, tooLarge: tooLarge}
}

type cappedBody struct {
	io.ReadCloser
	limit, read int64
	tooLarge    func() error
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if room := b.limit + 1 - b.read; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.ReadCloser.Read(p)
	if b.read += int64(n); b.read > b.limit {
		return 0, b.tooLarge()
	}
	return n, err
}
