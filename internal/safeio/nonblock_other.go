//go:build !unix

package safeio

// nonblock is zero where FIFOs cannot be opened by name.
const nonblock = 0
