package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/tei"
)

// Inputs expands the given paths as Files does, without stopping at a
// path that cannot be read: it returns the files found and, for each path
// that gave none (missing, unreadable, a directory without .xml files), a
// failed Result. A directory stands for the entries directly in it whose
// names end in .xml, except directories: files, symbolic links (followed
// when read) and other entries, which are read only to be refused as not
// regular files.
func Inputs(paths []string) (files []string, failed []Result) {
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	fail := func(p string, err error) {
		failed = append(failed, Result{File: p, Err: fmt.Errorf("%s: %w", tei.PrintableName(p), err)})
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			fail(p, pathErr(err))
			continue
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			fail(p, pathErr(err))
			continue
		}
		var names []string
		for _, e := range entries {
			if !strings.EqualFold(filepath.Ext(e.Name()), ".xml") || e.IsDir() {
				continue
			}
			if e.Type()&fs.ModeSymlink != 0 {
				if target, err := os.Stat(filepath.Join(p, e.Name())); err == nil && target.IsDir() {
					continue
				}
			}
			names = append(names, e.Name())
		}
		sort.Strings(names)
		if len(names) == 0 {
			fail(p, errors.New("no .xml files in directory"))
			continue
		}
		for _, n := range names {
			add(filepath.Join(p, n))
		}
	}
	return files, failed
}

// Files expands the given paths: files are taken as they are, directories
// for the *.xml files they hold (not recursively), sorted by name. It fails
// on the first path that gives no file; Inputs goes on with the others.
func Files(paths []string) ([]string, error) {
	files, failed := Inputs(paths)
	if len(failed) > 0 {
		return nil, fmt.Errorf("input %w", failed[0].Err)
	}
	return files, nil
}

// RunPaths ingests the files the paths stand for (Inputs): a path that
// gives none is reported through OnResult and counted as failed, and the
// others are still ingested.
func RunPaths(ctx context.Context, store chancery.Store, paths []string, opt Options) *Summary {
	files, failed := Inputs(paths)
	if opt.OnResult != nil {
		for _, r := range failed {
			opt.OnResult(r)
		}
	}
	s := Run(ctx, store, files, opt)
	s.Results = append(failed, s.Results...)
	s.Failed += len(failed)
	return s
}

// ReadFile reads a volume file: a regular file, or a symbolic link to one,
// of at most tei.MaxFileSize bytes. Anything else — a directory, a named
// pipe, a device, a socket, a larger file — is refused before it is read,
// so that neither a pipe without a writer nor /dev/zero holds ingest up.
// Errors name the file.
func ReadFile(ctx context.Context, file string) ([]byte, error) {
	data, err := readFile(ctx, file, tei.MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tei.PrintableName(file), err)
	}
	return data, nil
}

// CheckFile reports, as ReadFile would, a file that is not a regular file
// (or a symbolic link to one) within the size limit, without reading it.
func CheckFile(file string) error {
	info, err := os.Stat(file)
	if err == nil {
		err = regular(info, tei.MaxFileSize)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", tei.PrintableName(file), pathErr(err))
	}
	return nil
}

func readFile(ctx context.Context, file string, limit int64) ([]byte, error) {
	info, err := os.Stat(file)
	if err != nil {
		return nil, pathErr(err)
	}
	if err := regular(info, limit); err != nil {
		return nil, err
	}
	// Opened without waiting: should the file have become a pipe since,
	// opening it does not block for a writer, and the check below refuses it.
	f, err := os.OpenFile(file, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, pathErr(err)
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, pathErr(err)
	}
	if err := regular(info, limit); err != nil {
		return nil, err
	}
	return readLimited(ctxReader{ctx, f}, info.Size(), limit)
}

// regular refuses what is not a regular file of at most limit bytes.
func regular(info fs.FileInfo, limit int64) error {
	m := info.Mode()
	var kind string
	switch {
	case m.IsRegular():
		if info.Size() > limit {
			return tooLarge(info.Size(), limit)
		}
		return nil
	case m.IsDir():
		return errors.New("is a directory, not a volume file")
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	default:
		kind = "of type " + m.Type().String()
	}
	return fmt.Errorf("not a regular file: %s; volumes are read from regular files only", kind)
}

func tooLarge(size, limit int64) error {
	s := tei.Size(size)
	if s == tei.Size(limit) {
		s = fmt.Sprintf("%d bytes", size)
	}
	return fmt.Errorf("file too large: %s, over the limit of %s for one volume", s, tei.Size(limit))
}

// readLimited reads r to its end, expecting about size bytes, and fails
// once it has read more than limit: it never reads more than limit + 1
// bytes.
func readLimited(r io.Reader, size, limit int64) ([]byte, error) {
	buf := make([]byte, 0, min(max(size, 0), limit)+1)
	lr := io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, pathErr(err)
		}
	}
	if int64(len(buf)) > limit {
		return nil, fmt.Errorf("file too large: more than %s, the limit for one volume", tei.Size(limit))
	}
	return buf, nil
}

// pathErr drops the operation and path of an *fs.PathError, which the
// messages give themselves.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ctxReader stops a read when its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if c.ctx.Err() != nil {
		return 0, context.Cause(c.ctx)
	}
	return c.r.Read(p)
}
