package rules

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestLatestPatchesCurrent checks that the newest patch the catalog knows
// of each v3 module line (3.5 on) is the newest release the Go module
// proxy lists for go.etcd.io/etcd/client/v3, so that a published patch
// is not refused as "newer than this catalog knows". It needs the module
// proxy and is skipped, saying so, without.
func TestLatestPatchesCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: listing go.etcd.io/etcd/client/v3 versions asks the module proxy")
	}
	if p := os.Getenv("GOPROXY"); p == "off" {
		t.Skip("SKIPPED: GOPROXY=off, so the catalog's newest patches are not checked against the module proxy")
	}
	if f := os.Getenv("GOFLAGS"); strings.Contains(f, "-mod=vendor") {
		t.Skipf("SKIPPED: GOFLAGS=%s, so the catalog's newest patches are not checked against the module proxy", f)
	}
	const mod = "go.etcd.io/etcd/client/v3"
	cmd := exec.Command("go", "list", "-m", "-versions", "-json", mod+"@latest")
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	cmd.Dir = t.TempDir()
	out, err := cmd.Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Skipf("SKIPPED: the module proxy cannot be reached, so the catalog's newest patches are not checked: %s", strings.TrimSpace(msg))
	}
	var info struct{ Versions []string }
	if err := json.Unmarshal(out, &info); err != nil {
		t.Fatalf("go list %s: %v", mod, err)
	}
	newest := map[string]Version{} // minor line -> newest stable patch published
	for _, s := range info.Versions {
		v, err := ParseVersion(strings.TrimPrefix(s, "v"))
		if err != nil {
			t.Fatalf("go list %s: version %q: %v", mod, s, err)
		}
		if v.Pre != "" {
			continue
		}
		line := v.MinorLine().String()
		if cur, ok := newest[line]; !ok || cur.Less(v) {
			newest[line] = v
		}
	}
	if len(newest) == 0 {
		t.Fatalf("go list %s lists no releases", mod)
	}
	c := loadT(t)
	for line, pub := range newest {
		lv, err := ParseVersion(line)
		if err != nil {
			t.Fatal(err)
		}
		r, ok := c.release(lv)
		if !ok {
			t.Errorf("the module proxy serves %s %s but the catalog has no %s line: add it to rules/data/releases.toml", mod, pub, line)
			continue
		}
		if !r.Stable {
			t.Errorf("the module proxy serves %s %s but the catalog's %s line is not stable (latest %s)", mod, pub, line, r.Latest)
			continue
		}
		if got := r.LatestVersion(); got != pub {
			t.Errorf("catalog's newest %s patch is %s, the module proxy's is %s: update rules/data/releases.toml (latest, toolchain) and go generate ./rules", line, got, pub)
		}
	}
}
