package datasets

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// The limits an archive is read within. Each is far above the
// publisher's archives (people.tar.gz: 16,499 members, the largest 40 kB,
// 60 MB unpacked) and low enough that no archive can make a load run out
// of memory or time.
const (
	// MaxMemberSize is the largest file of an archive read, in bytes.
	MaxMemberSize = 16 << 20
	// MaxUnpacked is the most bytes an archive may unpack to, all its
	// files together: a gzip bomb stops here.
	MaxUnpacked = 1 << 30
	// MaxMembers is the most entries an archive may hold.
	MaxMembers = 200_000
)

// Limits bound what one read of an archive accepts; a zero field means the
// constant of the same name.
type Limits struct {
	MemberSize int64
	Unpacked   int64
	Members    int
}

func (l Limits) withDefaults() Limits {
	if l.MemberSize <= 0 {
		l.MemberSize = MaxMemberSize
	}
	if l.Unpacked <= 0 {
		l.Unpacked = MaxUnpacked
	}
	if l.Members <= 0 {
		l.Members = MaxMembers
	}
	return l
}

// ArchiveError is an archive refused whole: not a gzipped tar, or one that
// breaks a limit or holds an entry no dataset has (a path leaving the
// archive, a link, a device).
type ArchiveError struct {
	Archive string // the archive's name, as the user gave it
	Member  string // the entry at fault, if one is
	Msg     string
}

func (e *ArchiveError) Error() string {
	if e.Member != "" {
		return fmt.Sprintf("%s: %s: %s", e.Archive, e.Member, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Archive, e.Msg)
}

// walk reads a gzipped tar archive from r, named name in errors, and calls
// fn with each regular file's path (without the archive's top directory,
// "people-master/") and bytes, in the archive's order, without writing
// anything to disk. It refuses the archive whole, before or during the
// calls, at the first entry that breaks a rule: the caller keeps nothing
// of a refused archive.
func walk(ctx context.Context, r io.Reader, name string, lim Limits, fn func(member string, data []byte) error) error {
	lim = lim.withDefaults()
	refuse := func(member, format string, args ...any) error {
		return &ArchiveError{Archive: name, Member: member, Msg: fmt.Sprintf(format, args...)}
	}
	gz, err := gzip.NewReader(r)
	if err != nil {
		return refuse("", "not a gzipped archive: %v", err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	var unpacked int64
	for members := 1; ; members++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return refuse("", "not a readable tar archive: %v", err)
		}
		if members > lim.Members {
			return refuse("", "more than %d entries", lim.Members)
		}
		member, ok := inside(h.Name)
		if !ok {
			return refuse(h.Name, "a path outside the archive")
		}
		switch h.Typeflag {
		case tar.TypeDir, tar.TypeXGlobalHeader:
			continue
		case tar.TypeReg:
		case tar.TypeSymlink, tar.TypeLink:
			return refuse(h.Name, "a link (to %q): a dataset's archive holds files only", h.Linkname)
		default:
			return refuse(h.Name, "an entry of type %q: a dataset's archive holds files only", string(h.Typeflag))
		}
		if h.Size > lim.MemberSize {
			return refuse(h.Name, "%d bytes, over the limit of %d for one file", h.Size, lim.MemberSize)
		}
		if unpacked += h.Size; unpacked > lim.Unpacked {
			return refuse(h.Name, "the archive unpacks to more than %d bytes", lim.Unpacked)
		}
		data, err := io.ReadAll(io.LimitReader(tr, lim.MemberSize+1))
		if err != nil {
			return refuse(h.Name, "%v", err)
		}
		if int64(len(data)) > lim.MemberSize {
			return refuse(h.Name, "over the limit of %d bytes for one file", lim.MemberSize)
		}
		if member == "" {
			continue
		}
		if err := fn(member, data); err != nil {
			return err
		}
	}
}

// inside returns an entry's path within the archive's top directory
// ("people-master/data/1.xml" → "data/1.xml"; "" for the top directory's
// own files' parent), or false when the path would leave the archive:
// absolute, or climbing with "..".
func inside(name string) (string, bool) {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, `\`) {
		return "", false
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return "", false
		}
	}
	clean := path.Clean(name)
	_, rest, ok := strings.Cut(clean, "/")
	if !ok {
		return "", true // a file at the top: a branch archive has none that matter
	}
	return rest, true
}
