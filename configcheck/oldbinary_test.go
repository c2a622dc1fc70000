package configcheck_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/rules"
)

// etcdBinary returns a real etcd binary of the given version, built once
// from the Go module proxy and cached under the user cache dir (the same
// cache the live-probe tests use).
func etcdBinary(t *testing.T, version string) string {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "etcdlint-test")
	bin := filepath.Join(dir, fmt.Sprintf("etcd-%s-%s-%s", version, runtime.GOOS, runtime.GOARCH))
	if fi, err := os.Stat(bin); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
		return bin
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	gomod := fmt.Sprintf("module etcdlinttestbuild\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 v%s\n", version)
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	tmp := fmt.Sprintf("%s.tmp%d", bin, os.Getpid())
	for _, args := range [][]string{{"mod", "download", "go.etcd.io/etcd/server/v3"}, {"build", "-o", tmp, "go.etcd.io/etcd/server/v3"}} {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -buildvcs=false", "GOWORK=off", "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("building etcd %s: go %s: %v\n%s", version, strings.Join(args, " "), err, out)
		}
	}
	if err := os.Rename(tmp, bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

// TestFlagTableAgainstOldBinaries asks real etcd binaries which flags
// they define and compares with the flag table. Each flag is passed after
// --version, so etcd only parses flags and exits: an unknown flag fails
// with "flag provided but not defined", a known one with "flag needs an
// argument" or prints the version.
func TestFlagTableAgainstOldBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd binaries")
	}
	cat := loadCatalog(t)
	for _, version := range []string{"3.5.20", "3.6.16"} {
		t.Run(version, func(t *testing.T) {
			bin := etcdBinary(t, version)
			v := rules.MustParseVersion(version)
			for _, f := range cat.Flags() {
				if f.Ignored {
					continue
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				cmd := exec.CommandContext(ctx, bin, "--version", "--"+f.Name)
				cmd.Dir = t.TempDir()
				cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				_ = cmd.Run()
				cancel()
				defined := !strings.Contains(out.String(), "flag provided but not defined")
				if defined != f.In(v) {
					t.Errorf("--%s: etcd %s defines it: %v; the flag table says %v", f.Name, version, defined, f.In(v))
				}
			}
		})
	}
}
