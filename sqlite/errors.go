package sqlite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/chancery-frus/chancery"
)

// Failures of the database file that the store names in plain words, in
// place of SQLite's own ("disk I/O error", "database or disk is full"),
// which do not say what to fix. errors.Is tells them apart; the message
// names the file, and SQLite's own words follow.
var (
	// ErrDiskFull: the file system holding the database has no space left.
	ErrDiskFull = errors.New("disk full")
	// ErrFileTooLarge: a write would make the database (or its
	// write-ahead log) larger than the process may write: the file-size
	// limit (ulimit -f, RLIMIT_FSIZE).
	ErrFileTooLarge = errors.New("file too large")
	// ErrReadOnly: the database cannot be written: the file or its
	// directory is read-only, it is on a read-only file system, or it was
	// opened read-only.
	ErrReadOnly = errors.New("database file is read-only")
	// ErrCannotOpen: SQLite cannot open the file or create the files it
	// keeps beside it (the -wal and -shm files).
	ErrCannotOpen = errors.New("cannot open the database file")
	// ErrNeedsMigrating: a read-only open found a schema older than this
	// binary's; opening it for writing once brings it up to date.
	ErrNeedsMigrating = errors.New("the database needs migrating")
)

// SQLite's primary result codes (https://sqlite.org/rescode.html) that
// explain maps; the extended codes carry them in their low byte.
const (
	codeBusy     = 5
	codeLocked   = 6
	codeReadOnly = 8
	codeIOErr    = 10
	codeFull     = 13
	codeCantOpen = 14

	codeReadOnlyCantInit  = codeReadOnly | 5<<8
	codeReadOnlyDirectory = codeReadOnly | 6<<8
)

// explain returns err with its cause named in plain words when it is one
// of SQLite's failures to write or reach the database file (disk full,
// the file-size limit, a read-only file, a file that cannot be opened),
// and marked chancery.Unavailable when the database is busy or locked by
// another process. Other errors are returned as they are. Both drivers'
// errors are read here (sqliteCode, in the driver's file).
func (s *DB) explain(err error) error {
	if err == nil {
		return nil
	}
	if explained(err) {
		return err
	}
	code, errno, ok := sqliteCode(err)
	if !ok {
		return err
	}
	switch code & 0xff {
	case codeBusy, codeLocked:
		return chancery.Unavailable(fmt.Errorf("the database %s is locked by another connection: %w", s.path, err))
	case codeReadOnly:
		how := "the file, its directory or its file system cannot be written"
		switch {
		case s.readOnly:
			how = "it was opened read-only"
		case code == codeReadOnlyDirectory || code == codeReadOnlyCantInit:
			how = "its directory cannot be written, and SQLite keeps its -wal and -shm files there"
		}
		return fmt.Errorf("%w: %s cannot be written (%s): %w", ErrReadOnly, s.path, how, err)
	case codeCantOpen:
		return fmt.Errorf("%w: %s, or the -wal and -shm files SQLite keeps beside it, cannot be opened or created (check the permissions of the file and its directory): %w", ErrCannotOpen, s.path, err)
	case codeFull, codeIOErr:
		return s.diagnose(code, errno, err)
	}
	return err
}

// diagnose names the cause of SQLite's I/O error or "disk is full": the
// operating system's error when the driver reports it (cgo), else what
// can be seen from here: the process's file-size limit against the size
// of the database's files, and the space left on its file system.
func (s *DB) diagnose(code int, errno syscall.Errno, err error) error {
	switch errno {
	case syscall.ENOSPC:
		return s.diskFull(err)
	case syscall.EFBIG:
		return s.tooLarge(s.path, err)
	case syscall.EROFS, syscall.EACCES, syscall.EPERM:
		return fmt.Errorf("%w: %s cannot be written: %w", ErrReadOnly, s.path, err)
	}
	if limit, ok := fileSizeLimit(); ok {
		for _, f := range []string{s.path, s.path + "-wal", s.path + "-journal"} {
			// A write stops at the limit, or short of it by less than a
			// page of the database or a frame of its log.
			if fi, statErr := os.Stat(f); statErr == nil && fi.Size()+64<<10 >= limit {
				return s.tooLarge(f, err)
			}
		}
	}
	if free, ok := freeSpace(filepath.Dir(s.path)); ok && free < 1<<20 {
		return s.diskFull(err)
	}
	if code&0xff == codeFull {
		return s.diskFull(err)
	}
	return fmt.Errorf("the operating system failed a read or write of %s (or its -wal file): %w", s.path, err)
}

// explained reports whether explain named err's cause (the error then
// names the database file).
func explained(err error) bool {
	return errors.Is(err, ErrDiskFull) || errors.Is(err, ErrFileTooLarge) || errors.Is(err, ErrReadOnly) ||
		errors.Is(err, ErrCannotOpen) || errors.Is(err, chancery.ErrUnavailable)
}

func (s *DB) diskFull(err error) error {
	return fmt.Errorf("%w: no space left on the file system holding %s: %w", ErrDiskFull, s.path, err)
}

func (s *DB) tooLarge(file string, err error) error {
	limit, _ := fileSizeLimit()
	return fmt.Errorf("%w: writing %s would pass the file-size limit of this process (ulimit -f, %d bytes): %w", ErrFileTooLarge, file, limit, err)
}
