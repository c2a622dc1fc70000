package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrialSkipExitCodes: a trial that cannot run (here: etcd replaced by
// a local fork) is reported in text and SARIF; --trial=auto goes on with
// the static findings' verdict, --trial=on fails with exit 2.
func TestTrialSkipExitCodes(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../testdata/realmods/etcd35")); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	fork := filepath.Join(t.TempDir(), "fork")
	if err := os.CopyFS(fork, os.DirFS(filepath.Join(strings.TrimSpace(string(out)), "go.etcd.io/etcd/client/v3@v3.5.35"))); err != nil {
		t.Skipf("client/v3 v3.5.35 not in the module cache: %v", err)
	}
	cmd := exec.Command("go", "mod", "edit", "-replace=go.etcd.io/etcd/client/v3="+fork)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	const skip = "trial type-check against etcd 3.7.3 skipped: cannot trial a replaced etcd"
	code, stdout, stderr := run(t, dir, "code", "--target", "3.7.3", "--trial=auto", "--fail-on", "never")
	if code != ExitOK || !strings.Contains(stdout, "skipped: go.mod: "+skip) || !strings.Contains(stdout, "1 check skipped") {
		t.Errorf("--trial=auto: exit %d, want 0 with the skip reported\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = run(t, dir, "code", "--target", "3.7.3", "--trial=on", "--fail-on", "never", "--format", "sarif")
	if code != ExitUsage || !strings.Contains(stdout, `"toolExecutionNotifications"`) || !strings.Contains(stdout, skip) {
		t.Errorf("--trial=on: exit %d, want 2 with the skip in the SARIF notifications\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := run(t, dir, "code", "--trial=maybe"); code != ExitUsage || !strings.Contains(stderr, "--trial") {
		t.Errorf("--trial=maybe: exit %d, stderr %q", code, stderr)
	}
}
