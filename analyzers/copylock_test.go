package analyzers_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/packages"

	"github.com/etcdlint/etcdlint/analyzers/protomethods"
)

// copyLockDir holds client code copying etcd values (see its README).
const copyLockDir = "testdata/copylock"

// TestCopyLockAgreement runs go vet's copylocks analyzer on the fixture
// built against the real etcd 3.7.3 modules and etcdlint's analyzers on
// it built against 3.5.35, and checks both report the same lines: the
// lines marked "// copy" in the fixture.
func TestCopyLockAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: loads the real etcd modules")
	}
	marked, err := markedLines(filepath.Join(copyLockDir, "copies.go"))
	if err != nil {
		t.Fatal(err)
	}
	newDir := moduleCopy(t, filepath.Join(realModsDir, "etcd37pins"))
	vet, err := copyLockLines(newDir)
	if err != nil {
		t.Skipf("SKIPPED: the fixture cannot be loaded against etcd 3.7.3 (module proxy or cache missing?): %v", err)
	}
	oldDir := moduleCopy(t, filepath.Join(realModsDir, "etcd35"))
	findings, err := analyze(oldDir, "3.7.3")
	if err != nil {
		t.Skipf("SKIPPED: the fixture cannot be loaded against etcd 3.5.35: %v", err)
	}
	copyRules := map[string]bool{protomethods.API: true, protomethods.Raft: true, protomethods.Client: true}
	lint := map[string]bool{}
	for _, f := range findings {
		if copyRules[f.rule] {
			lint[f.line] = true
		}
	}
	t.Logf("go vet copylocks at 3.7.3: %d lines; etcdlint at 3.5.35 (target 3.7.3): %d lines; marked in the fixture: %d lines",
		len(vet), len(lint), len(marked))
	if len(vet) < 15 {
		t.Errorf("go vet copylocks reports %d lines at 3.7.3, want the fixture's %d: the fixture no longer copies locks", len(vet), len(marked))
	}
	if d := diffLines(vet, lint); d != "" {
		t.Errorf("etcdlint (at 3.5.35) and go vet copylocks (at 3.7.3) disagree:\n%s", d)
	}
	if d := diffLines(vet, marked); d != "" {
		t.Errorf("go vet copylocks and the fixture's // copy marks disagree:\n%s", d)
	}
}

// moduleCopy copies the fixture to a temporary module whose go.mod and
// go.sum are those of the real module in pins.
func moduleCopy(t *testing.T, pins string) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(copyLockDir, "copies.go"))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(pins, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(pins, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	rest := strings.SplitN(string(mod), "\n", 2)[1]
	for name, data := range map[string][]byte{
		"copies.go": src,
		"go.mod":    []byte("module example.com/copies\n" + rest),
		"go.sum":    sum,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// copyLockLines runs the copylocks analyzer on the module in dir and
// returns the lines it reports, as "file:line".
func copyLockLines(dir string) (map[string]bool, error) {
	cfg := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Dir: dir,
		Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", dir, err)
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		return nil, fmt.Errorf("loading %s: %s", dir, strings.Join(errs, "; "))
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{copylock.Analyzer}, pkgs, nil)
	if err != nil {
		return nil, fmt.Errorf("running copylocks: %w", err)
	}
	out := map[string]bool{}
	for act := range graph.All() {
		if act.IsRoot && act.Analyzer == copylock.Analyzer {
			for _, d := range act.Diagnostics {
				out[position(act, d, dir)] = true
			}
		}
	}
	return out, nil
}

// markedLines returns the lines of file ending in "// copy", as
// "file:line" with the file's base name.
func markedLines(file string) (map[string]bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.HasSuffix(sc.Text(), "// copy") {
			out[fmt.Sprintf("%s:%d", filepath.Base(file), n)] = true
		}
	}
	return out, sc.Err()
}

// diffLines lists the lines only one of want and got holds.
func diffLines(want, got map[string]bool) string {
	var out []string
	for l := range want {
		if !got[l] {
			out = append(out, "  only go vet: "+l)
		}
	}
	for l := range got {
		if !want[l] {
			out = append(out, "  only the other: "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(slices.Compact(out), "\n")
}
