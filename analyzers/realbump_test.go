package analyzers_test

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/godeps"
	"github.com/etcdlint/etcdlint/internal/etcdpath"
	"github.com/etcdlint/etcdlint/rules"
)

// realModsDir holds client modules written against real etcd releases
// (see its README).
const realModsDir = "../testdata/realmods"

// A bump is one real-module upgrade: the module, the version its go.mod
// requires, the target and the module whose go.mod and go.sum pin the
// target's dependencies.
type bump struct{ dir, from, target, pins string }

var bumps = []bump{
	{"etcd31", "3.1.20", "3.2.13", "etcd3213"},
	{"etcd3213", "3.2.13", "3.4.25", "etcd34"},
	{"etcd34", "3.4.25", "3.5.35", "etcd35"},
	{"etcd35", "3.5.35", "3.7.3", "etcd37pins"},
}

// TestRealBump measures the analyzers (no trial type-check, as under go
// vet) against a real bump of each real-module fixture: the module is
// copied, its go.mod and go.sum replaced by the target's pins, its etcd
// imports rewritten to the target's paths, and built with every error
// reported. Recall is the share of breaking lines (build errors and
// rewritten imports) with a finding; precision the share of line
// findings on a breaking line or of a rule the catalog marks as a silent
// change (severity warning or info). Module-level findings (godeps) are
// counted apart: they belong to go.mod, not to a line.
func TestRealBump(t *testing.T) {
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
	moduleLevel := map[string]bool{godeps.GRPC32: true, godeps.GRPC34: true, godeps.Go35: true, godeps.Go36: true, godeps.Go37: true}
	var totBroken, totFound, totFindings, totGood int
	for _, b := range bumps {
		src, err := filepath.Abs(filepath.Join(realModsDir, b.dir))
		if err != nil {
			t.Fatal(err)
		}
		findings, err := analyze(src, b.target)
		if err != nil {
			skipOrFail(t, b.dir, err)
		}
		broken, _, err := bumpAndBuild(t, src, filepath.Join(realModsDir, b.pins), b, paths)
		if err != nil {
			t.Skipf("SKIPPED: %s cannot be built at %s: %v", b.dir, b.target, err)
		}
		found := map[string]bool{}
		nFindings, nGood, nModule := 0, 0, 0
		var misses, wrong []string
		for _, f := range findings {
			if moduleLevel[f.rule] {
				nModule++
				continue
			}
			nFindings++
			r := cat.Rule(f.rule)
			if broken[f.line] || r != nil && r.Severity != rules.Error {
				nGood++
			} else {
				wrong = append(wrong, f.line+" "+f.rule)
			}
			found[f.line] = true
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
		fixRecall := float64(nFound) / float64(max(len(broken), 1))
		fixPrecision := float64(nGood) / float64(max(nFindings, 1))
		t.Logf("%s -> %s: recall %.1f%% (%d/%d breaking lines with a finding), precision %.1f%% (%d/%d line findings on breaking or silently changed lines); %d module-level findings",
			b.dir, b.target, 100*fixRecall, nFound, len(broken), 100*fixPrecision, nGood, nFindings, nModule)
		if fixRecall < recallTarget || fixPrecision < precisionTarget {
			t.Errorf("%s -> %s: recall %.1f%% or precision %.1f%% below the targets (%.0f%%, %.0f%%)",
				b.dir, b.target, 100*fixRecall, 100*fixPrecision, 100*recallTarget, 100*precisionTarget)
		}
		if len(misses) > 0 {
			t.Logf("  missed: %s", strings.Join(misses, ", "))
		}
		if len(wrong) > 0 {
			t.Logf("  off a breaking line: %s", strings.Join(wrong, ", "))
		}
		totBroken += len(broken)
		totFound += nFound
		totFindings += nFindings
		totGood += nGood
	}
	recall := float64(totFound) / float64(max(totBroken, 1))
	precision := float64(totGood) / float64(max(totFindings, 1))
	t.Logf("all: recall %.1f%% (%d/%d breaking lines found), precision %.1f%% (%d/%d findings)",
		100*recall, totFound, totBroken, 100*precision, totGood, totFindings)
	if totBroken < 20 {
		t.Errorf("only %d breaking lines: the bumps did not build as expected", totBroken)
	}
	if recall < recallTarget || precision < precisionTarget {
		t.Errorf("recall %.1f%% or precision %.1f%% below the targets (%.0f%%, %.0f%%)",
			100*recall, 100*precision, 100*recallTarget, 100*precisionTarget)
	}
}

// The targets TestRealBump holds each fixture and the whole set to.
const (
	recallTarget    = 0.90
	precisionTarget = 0.98
)

type finding struct{ line, rule, msg string }

// analyze runs the suite on the module in dir for target and returns its
// findings as "file:line" relative to dir.
func analyze(dir, target string) ([]finding, error) {
	suite := analyzers.NewSuite(analyzers.Config{Target: target})
	cfg := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Dir: dir,
		Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, err
	}
	if err := typeErrors(dir, pkgs); err != nil {
		return nil, err
	}
	graph, err := checker.Analyze(suite, pkgs, nil)
	if err != nil {
		return nil, err
	}
	var out []finding
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			out = append(out, finding{position(act, d, dir), d.Category, d.Message})
		}
	}
	return out, nil
}

// brokenFixture is a fixture that does not compile at the release it
// is written against: a mistake in the fixture, never a reason to skip.
type brokenFixture struct{ dir, errs string }

func (e *brokenFixture) Error() string {
	return fmt.Sprintf("%s does not compile: %s", e.dir, e.errs)
}

// typeErrors returns a *brokenFixture when a loaded package of the
// module in dir (not a dependency) has type errors.
func typeErrors(dir string, pkgs []*packages.Package) error {
	var errs []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			if e.Kind == packages.TypeError {
				errs = append(errs, e.Error())
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return &brokenFixture{dir, strings.Join(errs, "; ")}
}

// skipOrFail skips the test when the fixture's modules cannot be had
// and fails it when the fixture itself does not compile.
func skipOrFail(t *testing.T, what string, err error) {
	t.Helper()
	var broken *brokenFixture
	if errors.As(err, &broken) {
		t.Fatalf("%s: %v", what, err)
	}
	t.Skipf("SKIPPED: %s cannot be loaded (module proxy or cache missing?): %v", what, err)
}

func position(act *checker.Action, d analysis.Diagnostic, dir string) string {
	p := act.Package.Fset.Position(d.Pos)
	rel, err := filepath.Rel(dir, p.Filename)
	if err != nil {
		rel = p.Filename
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(rel), p.Line)
}

// bumpAndBuild copies the module to a temporary directory, bumps it to
// the pins and the target's import paths, builds it and returns the
// breaking lines and the bumped copy's directory.
func bumpAndBuild(t *testing.T, src, pins string, b bump, paths *etcdpath.Table) (map[string]bool, string, error) {
	dst := t.TempDir()
	broken := map[string]bool{}
	from, target := rules.MustParseVersion(b.from), rules.MustParseVersion(b.target)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasSuffix(path, ".go") {
			data, err = rewriteImports(data, filepath.ToSlash(rel), from, target, paths, broken)
			if err != nil {
				return err
			}
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		return nil, "", err
	}
	mod, err := os.ReadFile(filepath.Join(src, "go.mod"))
	if err != nil {
		return nil, "", err
	}
	pinMod, err := os.ReadFile(filepath.Join(pins, "go.mod"))
	if err != nil {
		return nil, "", err
	}
	modLine := strings.SplitN(string(mod), "\n", 2)[0]
	pinRest := strings.SplitN(string(pinMod), "\n", 2)[1]
	if err := os.WriteFile(filepath.Join(dst, "go.mod"), []byte(modLine+"\n"+pinRest), 0o644); err != nil {
		return nil, "", err
	}
	sum, err := os.ReadFile(filepath.Join(pins, "go.sum"))
	if err != nil {
		return nil, "", err
	}
	if err := os.WriteFile(filepath.Join(dst, "go.sum"), sum, 0o644); err != nil {
		return nil, "", err
	}
	// Type-check every package from source (a build stops at the first
	// broken package and never reaches its importers).
	cfg := &packages.Config{Mode: packages.LoadSyntax, Dir: dst, Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, "", err
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if strings.HasPrefix(e.Msg, "\t") {
				continue // a continuation ("\tprevious case"): the error is reported at its own line
			}
			pos := e.Pos
			if i := strings.Index(pos, ".go:"); i >= 0 {
				file, rest := pos[:i+3], pos[i+4:]
				line, _, _ := strings.Cut(rest, ":")
				if rel, err := filepath.Rel(dst, file); err == nil && !strings.HasPrefix(rel, "..") {
					broken[filepath.ToSlash(rel)+":"+line] = true
				}
			}
		}
	})
	return broken, dst, nil
}

// rewriteImports moves the file's etcd imports to where the packages live
// at target, recording the lines it changes as breaking.
func rewriteImports(data []byte, rel string, from, target rules.Version, paths *etcdpath.Table, broken map[string]bool) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, data, parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(data)
	// Replace from the end so earlier offsets stay valid.
	specs := slices.Clone(f.Imports)
	slices.Reverse(specs)
	for _, spec := range specs {
		p, _ := strconv.Unquote(spec.Path.Value)
		hops := paths.Forward(p, from, target)
		if len(hops) == 0 || hops[len(hops)-1].To == "" {
			continue
		}
		to := hops[len(hops)-1].To
		start, end := fset.Position(spec.Path.Pos()).Offset, fset.Position(spec.Path.End()).Offset
		out = append(out[:start:start], append([]byte(strconv.Quote(to)), out[end:]...)...)
		broken[fmt.Sprintf("%s:%d", rel, fset.Position(spec.Path.Pos()).Line)] = true
	}
	return out, nil
}
