package sqlite

import "syscall"

// fileSizeLimit returns the process's file-size limit (RLIMIT_FSIZE, set
// by ulimit -f), if it has one.
func fileSizeLimit() (int64, bool) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &l); err != nil || l.Cur == ^uint64(0) {
		return 0, false
	}
	return int64(l.Cur), true
}

// freeSpace returns the bytes this process may still write on the file
// system holding dir.
func freeSpace(dir string) (int64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	avail := st.Bavail
	if syscall.Geteuid() == 0 {
		avail = st.Bfree // the blocks reserved for root are root's to use
	}
	return int64(avail) * int64(st.Bsize), true
}
