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

// A copyCase is one fixture of testdata/copylock: its directory, and the
// modules whose go.mod and go.sum pin the old release and the target.
type copyCase struct{ dir, oldPins, newPins, from string }

var copyCases = []copyCase{
	{"api", filepath.Join(realModsDir, "etcd35"), filepath.Join(realModsDir, "etcd37pins"), "etcd 3.5.35"},
	{"raft", filepath.Join(copyLockDir, "raft", "pins36"), filepath.Join(copyLockDir, "raft", "pins37"), "raft 3.6.0"},
}

// TestCopyLockAgreement runs go vet's copylocks analyzer on each fixture
// built against the real modules of etcd 3.7.3 (raft v3.7.0) and
// etcdlint's analyzers on it built against the old release, and checks
// both report the same lines: the lines marked "// copy" in the fixture.
func TestCopyLockAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: loads the real etcd modules")
	}
	for _, c := range copyCases {
		t.Run(c.dir, func(t *testing.T) {
			src := filepath.Join(copyLockDir, c.dir, "copies.go")
			marked, err := markedLines(src)
			if err != nil {
				t.Fatal(err)
			}
			vet, err := copyLockLines(moduleCopy(t, src, c.newPins))
			if err != nil {
				skipOrFail(t, "the fixture against the target", err)
			}
			findings, err := analyze(moduleCopy(t, src, c.oldPins), "3.7.3")
			if err != nil {
				skipOrFail(t, "the fixture against "+c.from, err)
			}
			// The copy findings (EC3713 is also the review finding at a
			// raftpb import).
			copyRules := map[string]bool{protomethods.API: true, protomethods.Raft: true, protomethods.Client: true}
			lint := map[string]bool{}
			for _, f := range findings {
				if copyRules[f.rule] && strings.Contains(f.msg, " by value; from etcd 3.7 ") {
					lint[f.line] = true
				}
			}
			t.Logf("%s: go vet copylocks at the target: %d lines; etcdlint at %s (target 3.7.3): %d lines; marked: %d lines",
				c.dir, len(vet), c.from, len(lint), len(marked))
			if len(vet) == 0 || len(vet) < len(marked) {
				t.Errorf("go vet copylocks reports %d lines at the target, the fixture marks %d: it no longer copies locks", len(vet), len(marked))
			}
			if d := diffLines(vet, lint); d != "" {
				t.Errorf("etcdlint (at %s) and go vet copylocks (at the target) disagree:\n%s", c.from, d)
			}
			if d := diffLines(vet, marked); d != "" {
				t.Errorf("go vet copylocks and the fixture's // copy marks disagree:\n%s", d)
			}
		})
	}
}

// moduleCopy copies the fixture file to a temporary module whose go.mod
// and go.sum are those of the module in pins.
func moduleCopy(t *testing.T, file, pins string) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(file)
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
	if err := typeErrors(dir, pkgs); err != nil {
		return nil, err
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
