//go:build !linux

package bench

import "errors"

// Evict would drop files from the operating system's page cache; only
// Linux is supported.
func Evict(files ...string) error {
	if len(files) == 0 {
		return nil
	}
	return errors.New("evicting files from the page cache is supported on Linux only")
}
