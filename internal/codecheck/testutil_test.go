package codecheck_test

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/codecheck"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

var update = flag.Bool("update", false, "rewrite the golden diff files")

// goTimeout bounds every go command a test runs; the first run fetches
// old etcd modules from the module proxy.
const goTimeout = 4 * time.Minute

func loadCatalog(t *testing.T) *rules.Catalog {
	t.Helper()
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// run runs the code analysis as `etcdlint code` does, with test files.
func run(t *testing.T, opts codecheck.Options) *codecheck.Result {
	t.Helper()
	if opts.Catalog == nil {
		opts.Catalog = loadCatalog(t)
	}
	opts.Tests = true
	ctx, cancel := context.WithTimeout(context.Background(), goTimeout)
	defer cancel()
	res, err := codecheck.Run(ctx, opts)
	if err != nil {
		t.Fatalf("Run(%s): %v", opts.Dir, err)
	}
	return res
}

// copyTree copies the directory src into a new temporary directory.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	// CopyFS keeps no permissions beyond 0o666/0o777 less umask; make
	// the files writable for --fix.
	err := filepath.WalkDir(dst, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chmod(path, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// goCmd runs the go command in dir and returns its combined output.
func goCmd(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	stdout, stderr, err := goOutput(t, dir, args...)
	return stderr + stdout, err
}

// goOutput runs the go command in dir and returns its standard output and
// standard error (where "go: downloading" lines go).
func goOutput(t *testing.T, dir string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), goTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS="+goflags(), "GOWORK=off")
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("go %s: %w", strings.Join(args, " "), ctx.Err())
	}
	return out.String(), errOut.String(), err
}

// goflags returns $GOFLAGS with -mod=readonly in place of any -mod flag,
// so that a go.sum missing an entry fails the test.
func goflags() string {
	var out []string
	for _, f := range strings.Fields(os.Getenv("GOFLAGS")) {
		if !strings.HasPrefix(f, "-mod=") {
			out = append(out, f)
		}
	}
	return strings.Join(append(out, "-mod=readonly"), " ")
}

// findingKeys renders findings as "file:line RULE", with " (low)" for
// low-confidence ones, in report order.
func findingKeys(rep *report.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		k := fmt.Sprintf("%s:%d %s", f.Location.File, f.Location.Line, f.Rule)
		if f.LowConfidence {
			k += " (low)"
		}
		out = append(out, k)
	}
	return out
}

func problemKeys(rep *report.Report) []string {
	var out []string
	for _, p := range rep.Problems {
		out = append(out, fmt.Sprintf("%s:%d %s", p.Input, p.Line, p.Message))
	}
	return out
}

// checkGolden compares got with the golden file, or rewrites it with
// -update.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("diff differs from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
}

// setPins replaces the go.mod and go.sum in dir by those of the module in
// pinsDir, keeping dir's module path: the code is moved to other
// dependency versions.
func setPins(t *testing.T, dir, pinsDir string) {
	t.Helper()
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	modLine, _, _ := strings.Cut(string(mod), "\n")
	pins, err := os.ReadFile(filepath.Join(pinsDir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(pins), "\n")
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(modLine+"\n"+rest), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(pinsDir, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
}
