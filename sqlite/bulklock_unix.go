//go:build unix

package sqlite

import (
	"errors"
	"os"
	"syscall"
)

// bulkLock holds the file beside the database whose lock marks a bulk
// run under way (path-bulk): taken by BeginBulk, released by EndBulk,
// and by the system when the process ends, killed or not. Open rebuilds
// what a bulk run left undone only when it can take the lock, so that it
// never takes the postings from under a run in another process.
type bulkLock struct{ f *os.File }

// lockBulk takes the lock, waiting for it when wait is set; ok is false
// when another process holds it and wait is not set.
func lockBulk(path string, wait bool) (l bulkLock, ok bool, err error) {
	f, err := os.OpenFile(path+"-bulk", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return bulkLock{}, false, err
	}
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return bulkLock{}, false, nil
		}
		return bulkLock{}, false, err
	}
	return bulkLock{f: f}, true, nil
}

// release lets the lock go.
func (l bulkLock) release() {
	if l.f != nil {
		l.f.Close() // closing the file releases its lock
	}
}
