//go:build unix

package safeio

import "syscall"

// nonblock makes an open of a FIFO return at once instead of waiting
// for a writer.
const nonblock = syscall.O_NONBLOCK
