package analyzers_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestVetMatchesCode builds the real cmd/etcdlint and checks that
// `go vet -vettool=etcdlint` prints the same findings (position and
// message) as `etcdlint code` on each real-module fixture.
func TestVetMatchesCode(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: builds cmd/etcdlint")
	}
	bin := filepath.Join(t.TempDir(), "etcdlint")
	if out, err := run(t, "..", nil, "go", "build", "-o", bin, "./cmd/etcdlint"); err != nil {
		t.Fatalf("building cmd/etcdlint: %v\n%s", err, out)
	}
	// go vet prints "pos: ID[ (severity)]: message[; note: …]", etcdlint
	// code "pos: severity ID: message" with notes on lines of their own.
	vetLine := regexp.MustCompile(`^(\S+\.go:\d+:\d+): (E[A-Z]\d{4})(?: \(\w+\))?: (.*?)(?:; note: .*)?$`)
	codeLine := regexp.MustCompile(`^(\S+\.go:\d+:\d+): (?:error|warning|info) (E[A-Z]\d{4}): (.*)$`)
	// Module-level findings: etcdlint code reports each once at its
	// go.mod line, go vet (which has only package positions) at the
	// package clause of each package.
	moduleLine := regexp.MustCompile(`^go\.mod:\d+:\d+: (?:error|warning|info) (E[A-Z]\d{4}): `)
	for _, b := range bumps {
		t.Run(b.dir, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join(realModsDir, b.dir))
			if err != nil {
				t.Fatal(err)
			}
			env := []string{"GOFLAGS=-mod=mod", "GOWORK=off"}
			vetOut, _ := run(t, dir, env, "go", "vet", "-vettool="+bin, "-etcdversion.target="+b.target, "./...")
			codeOut, _ := run(t, dir, env, bin, "code", "--trial=off", "--target", b.target, "./...")
			moduleRule := map[string]bool{}
			for _, l := range strings.Split(codeOut, "\n") {
				if m := moduleLine.FindStringSubmatch(l); m != nil {
					moduleRule[m[1]] = true
				}
			}
			collect := func(out string, re *regexp.Regexp) []string {
				var xs []string
				for _, l := range strings.Split(out, "\n") {
					if m := re.FindStringSubmatch(l); m != nil && !moduleRule[m[2]] {
						xs = append(xs, m[1]+": "+m[2]+": "+m[3])
					}
				}
				slices.Sort(xs)
				return slices.Compact(xs)
			}
			vet, code := collect(vetOut, vetLine), collect(codeOut, codeLine)
			if len(code) == 0 {
				t.Fatalf("etcdlint code reported nothing:\n%s", codeOut)
			}
			if !slices.Equal(vet, code) {
				t.Errorf("go vet -vettool and etcdlint code differ\nvet:\n\t%s\ncode:\n\t%s", strings.Join(vet, "\n\t"), strings.Join(code, "\n\t"))
			}
		})
	}
}

func run(t *testing.T, dir string, env []string, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}
