//go:build unix

package datadir

import "golang.org/x/sys/unix"

// freeBytes returns the space available to an unprivileged user on the
// file system holding path.
func freeBytes(path string) (int64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return -1, err
	}
	return int64(st.Bavail) * int64(st.Bsize), nil
}
