//go:build !unix

package datadir

// freeBytes reports -1 (unknown): free space is read on Unix only.
func freeBytes(string) (int64, error) {
	return -1, nil
}
