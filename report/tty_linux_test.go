package report

import (
	"os"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// openTerminal opens the follower side of a new pseudo-terminal, so
// ColorEnabled can be tested on a real terminal. It skips the caller's
// remaining terminal checks (returning nil) when no pty can be opened.
func openTerminal(t *testing.T) *os.File {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Logf("no pseudo-terminal, terminal cases not run: %v", err)
		return nil
	}
	t.Cleanup(func() { ptmx.Close() })
	fd := int(ptmx.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Logf("unlocking pty: %v", err)
		return nil
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Logf("pty number: %v", err)
		return nil
	}
	tty, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Logf("opening pty follower: %v", err)
		return nil
	}
	t.Cleanup(func() { tty.Close() })
	return tty
}
