package analyzers_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
)

// realWantDir holds modules written against real etcd releases whose
// files carry // want comments (see its README).
const realWantDir = "testdata/realwant"

// realWants are the modules of realWantDir, each with the target it is
// checked against; the code's version comes from its go.mod.
var realWants = []struct{ dir, target string }{
	{"etcd31", "3.7.3"},
	{"etcd33", "3.7.3"},
	{"etcd34", "3.7.3"},
	{"etcd35", "3.7.3"},
	{"etcd36", "3.7.3"},
	{"raft36", "3.7.3"},
}

// TestRealWant runs every rule analyzer of the suite on modules that
// require the real etcd releases and checks their findings against the
// modules' // want comments: the forms the stub tests cover (custom
// implementations and their conversions, promoted fields, dot imports,
// function values, package-level initialisers, aliases, receiver changes,
// value copies), type-checked against etcd's own code. The modules come
// from the module cache or GOPROXY; without them the test is skipped.
func TestRealWant(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: loads the real etcd modules")
	}
	for _, c := range realWants {
		t.Run(c.dir, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join(realWantDir, c.dir))
			if err != nil {
				t.Fatal(err)
			}
			if err := fetchModules(dir); err != nil {
				t.Skipf("SKIPPED: the etcd modules of %s cannot be had (module proxy or cache missing?): %v", c.dir, err)
			}
			var mu sync.Mutex
			var moduleLevel []string
			a := combined(analyzers.NewSuite(analyzers.Config{Target: c.target}), func(pos string, d analysis.Diagnostic) {
				mu.Lock()
				defer mu.Unlock()
				moduleLevel = append(moduleLevel, pos+": "+d.Category+" "+d.Message)
			})
			analysistest.Run(t, dir, a, "./...")
			for _, m := range moduleLevel {
				t.Logf("module-level finding (not matched against // want): %s", m)
			}
		})
	}
}

// fetchModules makes the module's dependencies available in the module
// cache (analysistest loads with GOPROXY=off), using the environment's
// GOPROXY.
func fetchModules(dir string) error {
	cmd := exec.Command("go", "list", "-deps", "-test", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go list: %v: %s", err, lastLines(string(out), 5))
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// combined returns one analyzer that runs the suite's rule analyzers
// (every analyzer but the first two, which report nothing, and the last,
// EC0001) on each package and reports their diagnostics as its own, so
// that one analysistest run checks the whole suite. Diagnostics outside
// Go files (module-level findings at go.mod) go to moduleLevel instead:
// analysistest reads expectations from Go files only.
func combined(suite []*analysis.Analyzer, moduleLevel func(pos string, d analysis.Diagnostic)) *analysis.Analyzer {
	ruleAnalyzers := suite[2 : len(suite)-1]
	var requires []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	for _, a := range ruleAnalyzers {
		for _, r := range a.Requires {
			if !seen[r] {
				seen[r] = true
				requires = append(requires, r)
			}
		}
	}
	return &analysis.Analyzer{
		Name:             "etcdlint",
		Doc:              "runs the rule analyzers of the etcdlint suite as one",
		Requires:         requires,
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			for _, a := range ruleAnalyzers {
				sub := *pass
				sub.Analyzer = a
				sub.Report = func(d analysis.Diagnostic) {
					pos := pass.Fset.Position(d.Pos)
					if !strings.HasSuffix(pos.Filename, ".go") {
						moduleLevel(fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line), d)
						return
					}
					pass.Report(d)
				}
				if _, err := a.Run(&sub); err != nil {
					return nil, fmt.Errorf("%s: %w", a.Name, err)
				}
			}
			return nil, nil
		},
	}
}
