package cli

import (
	"os"
	"strings"
	"testing"
)

// fixAfterUnit is a 3.5 unit with an experimental flag 3.6 moves into
// --feature-gates and a flag 3.6 refuses.
const fixAfterUnit = `[Service]
ExecStart=/usr/local/bin/etcd --name m1 \
  --enable-v2 \
  --experimental-initial-corrupt-check=true
`

// TestFixAfterUpgradeFlag checks --fix and --fix-after-upgrade on config
// and check: the rolling fix removes only the refused flag and keeps the
// experimental one (3.5 has no --feature-gates); --fix-after-upgrade
// writes the gate.
func TestFixAfterUpgradeFlag(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "etcd.service", fixAfterUnit)
	_, _, stderr := run(t, dir, "config", "--from", "3.5.20", "--target", "3.6.16", "--fix", "etcd.service")
	if !strings.Contains(stderr, "etcdlint config: rewrote 1 file") {
		t.Errorf("--fix stderr: %q", stderr)
	}
	rolling := "[Service]\nExecStart=/usr/local/bin/etcd --name m1 \\\n  --experimental-initial-corrupt-check=true\n"
	if b, _ := os.ReadFile(p); string(b) != rolling {
		t.Errorf("after --fix:\n%s\nwant:\n%s", b, rolling)
	}
	_, out, _ := run(t, dir, "config", "--from", "3.5.20", "--target", "3.6.16", "etcd.service")
	if !strings.Contains(out, "no form both 3.5.20 and 3.6.16 accept; after every member runs 3.6.16, run with --fix-after-upgrade") {
		t.Errorf("the report does not say when to finish the fix:\n%s", out)
	}
	_, _, stderr = run(t, dir, "check", "--from", "3.5.20", "--target", "3.6.16", "--config-path", "etcd.service", "--fix-after-upgrade")
	if !strings.Contains(stderr, "etcdlint check: rewrote 1 config file") {
		t.Errorf("check --fix-after-upgrade stderr: %q", stderr)
	}
	after := "[Service]\nExecStart=/usr/local/bin/etcd --name m1 \\\n  --feature-gates=InitialCorruptCheck=true\n"
	if b, _ := os.ReadFile(p); string(b) != after {
		t.Errorf("after --fix-after-upgrade:\n%s\nwant:\n%s", b, after)
	}
}
