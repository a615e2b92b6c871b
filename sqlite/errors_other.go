//go:build !linux

package sqlite

// fileSizeLimit is known on Linux only.
func fileSizeLimit() (int64, bool) { return 0, false }

// freeSpace is known on Linux only.
func freeSpace(string) (int64, bool) { return 0, false }
