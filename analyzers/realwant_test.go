package analyzers_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/packages"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/internal/etcdpath"
	"github.com/etcdlint/etcdlint/rules"
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

// realWantFrom is the etcd release each module of realWantDir is written
// against (the raft module's is raft's).
var realWantFrom = map[string]string{
	"etcd31": "3.1.20", "etcd33": "3.3.27", "etcd34": "3.4.25",
	"etcd35": "3.5.7", "etcd36": "3.6.16", "raft36": "3.6.0",
}

// TestRealWantBuild bumps each module of realWantDir to etcd 3.7.3 (and
// raft v3.7.0: the versions this repository's go.mod requires), builds it
// and measures the suite's findings on it as TestRealBump does: the
// // want comments must sit on the lines that break, and the lines that
// break must have them.
func TestRealWantBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: builds the real modules")
	}
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := etcdpath.NewTable(cat.Imports())
	if err != nil {
		t.Fatal(err)
	}
	pins := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(pins, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var totBroken, totFound, totFindings, totGood int
	for _, c := range realWants {
		src, err := filepath.Abs(filepath.Join(realWantDir, c.dir))
		if err != nil {
			t.Fatal(err)
		}
		if err := fetchModules(src); err != nil {
			t.Skipf("SKIPPED: the etcd modules of %s cannot be had: %v", c.dir, err)
		}
		findings, err := analyze(src, c.target)
		if err != nil {
			t.Fatalf("%s: %v", c.dir, err)
		}
		broken, dst, err := bumpAndBuild(t, src, pins, bump{c.dir, realWantFrom[c.dir], c.target, pins}, paths)
		if err != nil {
			t.Skipf("SKIPPED: %s cannot be built at %s: %v", c.dir, c.target, err)
		}
		// Copies break go vet, not the build: go vet's copylocks checks
		// them in the packages that still compile at the target.
		vetted, vet, err := compilingCopyLocks(dst)
		if err != nil {
			t.Fatalf("%s: %v", c.dir, err)
		}
		found := map[string]bool{}
		nFindings, nGood, nUnvetted, nReview := 0, 0, 0, 0
		var misses, wrong []string
		for _, f := range findings {
			if copyFinding(f) {
				pkg := filepath.Dir(strings.SplitN(f.line, ":", 2)[0])
				if !vetted[pkg] {
					nUnvetted++ // its package does not compile at the target: go vet never runs
					continue
				}
				broken[f.line] = broken[f.line] || vet[f.line]
				if !vet[f.line] {
					wrong = append(wrong, f.line+" "+f.rule+" "+f.msg+" (go vet copylocks reports no copy there)")
					nFindings++
					found[f.line] = true
					continue
				}
			}
			if reviewFinding(f) {
				nReview++
				continue
			}
			nFindings++
			if r := cat.Rule(f.rule); broken[f.line] || r != nil && r.Severity != rules.Error {
				nGood++
			} else {
				wrong = append(wrong, f.line+" "+f.rule+" "+f.msg)
			}
			found[f.line] = true
		}
		for l := range vet {
			broken[l] = true
		}
		nFound := 0
		for l := range broken {
			if found[l] {
				nFound++
			} else {
				misses = append(misses, l)
			}
		}
		sort.Strings(misses)
		sort.Strings(wrong)
		t.Logf("%s -> %s: recall %d/%d breaking lines (build errors and go vet copylocks) with a finding, precision %d/%d findings on breaking or silently changed lines; %d copy findings in packages that do not compile at the target; %d review findings at declarations",
			c.dir, c.target, nFound, len(broken), nGood, nFindings, nUnvetted, nReview)
		for _, m := range misses {
			t.Errorf("%s: breaks at %s, no finding", c.dir, m)
		}
		for _, w := range wrong {
			t.Errorf("%s: finding off a breaking line: %s", c.dir, w)
		}
		totBroken += len(broken)
		totFound += nFound
		totFindings += nFindings
		totGood += nGood
	}
	t.Logf("all: recall %d/%d, precision %d/%d", totFound, totBroken, totGood, totFindings)
}

// copyFinding reports whether f is a value-copy finding (go vet's
// copylocks reports the copy at the target).
func copyFinding(f finding) bool { return strings.Contains(f.msg, " by value; from etcd 3.7 ") }

// compilingCopyLocks runs go vet's copylocks on the packages of the module
// in dir that type-check (with their dependencies) and returns them, by
// directory relative to dir, and the lines it reports.
func compilingCopyLocks(dir string) (map[string]bool, map[string]bool, error) {
	cfg := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Dir: dir,
		Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, nil, fmt.Errorf("loading %s: %w", dir, err)
	}
	var ok []*packages.Package
	vetted := map[string]bool{}
	for _, p := range pkgs {
		clean := true
		packages.Visit([]*packages.Package{p}, nil, func(q *packages.Package) {
			clean = clean && len(q.Errors) == 0 && len(q.TypeErrors) == 0
		})
		if clean && len(p.GoFiles) > 0 {
			ok = append(ok, p)
			if rel, err := filepath.Rel(dir, filepath.Dir(p.GoFiles[0])); err == nil {
				vetted[filepath.ToSlash(rel)] = true
			}
		}
	}
	if len(ok) == 0 {
		return vetted, map[string]bool{}, nil
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{copylock.Analyzer}, ok, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("running copylocks: %w", err)
	}
	out := map[string]bool{}
	for act := range graph.All() {
		if act.IsRoot && act.Analyzer == copylock.Analyzer {
			for _, d := range act.Diagnostics {
				out[position(act, d, dir)] = true
			}
		}
	}
	return vetted, out, nil
}

// reviewFinding reports whether f is one of the findings made at a
// declaration on purpose, whose line itself keeps compiling: a gRPC server
// type that must embed its Unimplemented server (EC3707; the Register
// call that breaks has its own finding) and the review note at a raftpb
// import (EC3713).
func reviewFinding(f finding) bool {
	return f.rule == "EC3707" && strings.Contains(f.msg, " without embedding ") ||
		f.rule == "EC3713" && strings.Contains(f.msg, "raftpb types are no longer gogo-generated")
}
