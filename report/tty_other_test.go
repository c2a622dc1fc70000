//go:build !linux

package report

import (
	"os"
	"testing"
)

// openTerminal returns nil: the terminal cases of TestColorEnabled run on
// Linux only.
func openTerminal(t *testing.T) *os.File {
	t.Helper()
	t.Log("terminal cases of ColorEnabled run on Linux only")
	return nil
}
