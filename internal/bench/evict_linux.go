package bench

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// Evict drops files from the operating system's page cache
// (posix_fadvise DONTNEED), so that what reads them next reads the disk:
// a cold pass then measures a database that no recent read has left in
// memory. A file that does not exist (a -wal merged away) is passed over.
func Evict(files ...string) error {
	for _, name := range files {
		f, err := os.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("evict %s from the page cache: %w", name, err)
		}
		err = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
		f.Close()
		if err != nil {
			return fmt.Errorf("evict %s from the page cache: %w", name, err)
		}
	}
	return nil
}
