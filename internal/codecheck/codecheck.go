// Package codecheck is the engine behind `etcdlint code`: it loads Go
// packages with go/packages (type-checked from source by srcload), runs
// the etcdlint analyzers over them with the go/analysis checker, and turns
// their diagnostics into report findings, applying or diffing the
// suggested fixes on request. With a trial mode it then type-checks the
// module against the real target etcd modules (package trial), merges the
// compile errors into the findings and, with --fix, moves go.mod and
// go.sum to the target.
//
// The same analyzers also run under `go vet -vettool` and `go fix -fixtool`;
// [IsVetTool] and [VetMain] hand that protocol to unitchecker.
package codecheck

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/etcdversion"
	"github.com/etcdlint/etcdlint/internal/srcload"
	"github.com/etcdlint/etcdlint/internal/trial"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// Options configures one run of the code analysis.
type Options struct {
	// Dir is the working directory; packages are loaded relative to it
	// and file paths in the report are relative to it.
	Dir string
	// Patterns are go/packages patterns; empty means ./...
	Patterns []string
	// From is the etcd version upgraded from; "" lets the analyzers
	// infer it from go.mod or the import paths.
	From string
	// Target is the resolved etcd version upgraded to (X.Y.Z); "" means
	// the newest stable release the catalog knows.
	Target string
	// Catalog is the loaded rule catalog.
	Catalog *rules.Catalog
	// Fix applies the suggested fixes to the files.
	Fix bool
	// Diff returns the suggested fixes as a unified diff instead of
	// writing them (it takes precedence over Fix).
	Diff bool
	// Tests includes test files.
	Tests bool
	// Trial says whether to type-check the code against the real target
	// etcd modules; "" runs no trial either, but unlike TrialOff does
	// not hold back the fixes that compile only against the target: it
	// gives every fix as the analyzers suggest it.
	Trial TrialMode
	// Env is the environment of the go command (nil: this process's).
	Env []string
	// Progress, when set, is called with a short description of each
	// step of a long run as it starts.
	Progress func(step string)
	// CacheDir, when set, is the directory of the result cache: a
	// read-only run (no Fix, no Diff) whose inputs have not changed since
	// a run that stored its outcome returns that outcome without loading
	// anything (see cache.go for what the key covers).
	CacheDir string
	// TrialStarted, when set, is called with the module root as each
	// trial type-check of a module starts (a --fix run counts its own
	// trial of the fixed tree).
	TrialStarted func(module string)

	// cache is the type-check cache every check of a --fix run with a
	// trial goes through (see srcload.Cache): the trial takes from the
	// static pass what the target's build list shares with go.mod's
	// (the standard library at least), the check of the written tree
	// takes from the trial every package the fixes did not change.
	cache *srcload.Cache
	// noReuse runs --fix without the cache.
	noReuse bool
	// beforeRecheck, when set, is called once --fix has written the
	// tree, before the written tree is checked.
	beforeRecheck func()
}

// Result is the outcome of [Run].
type Result struct {
	// Report holds the findings, the packages analysed and the packages
	// that could not be.
	Report *report.Report
	// Diff is the unified diff of the suggested fixes when Options.Diff
	// is set ("" when there is nothing to change).
	Diff string
	// ImportsEtcd reports whether some analysed package imports an etcd
	// package directly; without one the analyzers have nothing to check.
	ImportsEtcd bool
	// FixesApplied and FilesFixed count, with Options.Fix or Diff, the
	// findings whose fix was applied and the files it changed.
	FixesApplied, FilesFixed int
	// Trial is what the trial type-check did; nil when it was off.
	Trial *TrialSummary
	// Fixed is what --fix did; nil without Options.Fix.
	Fixed *FixSummary

	// volatile is set when the outcome may depend on the network or
	// the machine's state rather than on the inputs alone (the packages
	// could not be listed): such an outcome is not cached.
	volatile bool
}

// analysisChunk is the number of packages the analyzers run on at once.
const analysisChunk = 8

// loadMode is the import graph with module information (for the version
// inference); srcload then type-checks it from source: typed syntax for
// the packages analysed, types without function bodies for their
// dependencies, nothing compiled.
const loadMode = srcload.Mode

// Run loads the packages matching opts.Patterns in opts.Dir, analyses
// them and returns the report. Packages that fail to load or type-check
// are listed as problems and still get the findings the analyzers can make
// from syntax alone. Run returns an error only when the analysis could not
// run at all (a bad option, a cancelled context).
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Catalog == nil {
		return nil, errors.New("no rule catalog")
	}
	if opts.Target == "" {
		opts.Target = opts.Catalog.LatestStable().String()
	}
	target, err := rules.ParseVersion(opts.Target)
	if err != nil {
		return nil, fmt.Errorf("target version: %w", err)
	}
	if _, err := opts.Catalog.Resolve(target); err != nil {
		return nil, fmt.Errorf("target version: %w", err)
	}
	if _, err := ParseTrialMode(string(opts.Trial)); err != nil {
		return nil, err
	}
	if opts.From != "" {
		if _, err := rules.ParseVersion(opts.From); err != nil {
			return nil, fmt.Errorf("from version: %w", err)
		}
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("code analysis directory: %w", err)
	}
	opts.Dir = dir
	if len(opts.Patterns) == 0 {
		opts.Patterns = []string{"./..."}
	}

	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}
	key := ""
	if opts.CacheDir != "" && !opts.Fix && !opts.Diff {
		key = cacheKey(ctx, opts)
	}
	if key != "" {
		if res := cacheLoad(opts.CacheDir, key); res != nil {
			progress("nothing changed since the last run: its results are reused")
			return res, nil
		}
	}
	res, err := run(ctx, opts, target, progress)
	if err == nil && key != "" && storable(res) {
		cacheStore(opts.CacheDir, key, res)
	}
	return res, err
}

// run is [Run] once the options are checked.
func run(ctx context.Context, opts Options, target rules.Version, progress func(string)) (*Result, error) {
	rep := &report.Report{Target: opts.Target, Findings: []report.Finding{}, Inputs: []report.Input{}}
	res := &Result{Report: rep}
	if opts.Fix && !opts.Diff && opts.Trial != "" && opts.Trial != TrialOff && opts.cache == nil && !opts.noReuse {
		// The written tree is checked again at the trial's build list:
		// every package the fixes leave as the trial checked it is
		// taken from the trial, not checked twice.
		opts.cache = srcload.NewCache()
	}

	progress("loading Go packages in " + opts.Dir)
	pkgs, err := load(ctx, opts)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("loading packages: %w", ctx.Err())
		}
		rep.Problems = append(rep.Problems, report.Problem{
			Input:    opts.Dir,
			Message:  "cannot load Go packages: " + errorText(err.Error()),
			Detector: rules.DetectCode,
		})
		res.volatile = true
		return res, nil
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			// A module that cannot be had may be had later.
			res.volatile = res.volatile || e.Kind == packages.ListError
		}
	})

	roots := selectRoots(pkgs)
	rep.Problems = append(rep.Problems, loadProblems(opts.Dir, roots)...)
	slices.SortStableFunc(rep.Problems, func(a, b report.Problem) int {
		return cmp.Or(cmp.Compare(a.Input, b.Input), cmp.Compare(a.Line, b.Line))
	})
	var analysed []*packages.Package
	for _, p := range roots {
		if len(p.Syntax) > 0 {
			analysed = append(analysed, p)
		}
	}
	if len(analysed) == 0 {
		if len(rep.Problems) == 0 {
			rep.Problems = append(rep.Problems, report.Problem{
				Input:    opts.Dir,
				Message:  fmt.Sprintf("no Go packages match %s", strings.Join(opts.Patterns, " ")),
				Detector: rules.DetectCode,
			})
		}
		return res, nil
	}
	seenInput := map[string]bool{}
	for _, p := range analysed {
		if !seenInput[p.PkgPath] {
			seenInput[p.PkgPath] = true
			in := report.Input{Kind: "package", Name: p.PkgPath, Detector: rules.DetectCode}
			if len(p.CompiledGoFiles) > 0 {
				in.Dir = relPath(opts.Dir, filepath.Dir(p.CompiledGoFiles[0]))
			}
			rep.Inputs = append(rep.Inputs, in)
		}
		if _, ok := etcdversion.FromImports(sortedKeys(p.Imports)); ok {
			res.ImportsEtcd = true
		}
	}

	progress(fmt.Sprintf("analysing %d %s", len(analysed), plural(len(analysed), "package", "packages")))
	suite := analyzers.NewSuite(analyzers.Config{From: opts.From, Target: opts.Target})
	all := closure(suite)
	c := converter{dir: opts.Dir, cat: opts.Catalog}
	var versions []versionResult
	// The analyzers share no facts between packages: they run on a few
	// packages at a time, and each package's syntax and type information
	// goes as soon as its findings are made (its types stay, for its
	// importers and the fixes' import clean-up), so that the analysis
	// does not hold every package's passes at once.
	for chunk := range slices.Chunk(analysed, analysisChunk) {
		graph, err := checker.Analyze(all, chunk, nil)
		if err != nil {
			return nil, fmt.Errorf("running the analyzers: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("running the analyzers: %w", err)
		}
		for _, act := range graph.Roots {
			c.action(act)
			if r, ok := act.Result.(*etcdversion.Result); ok {
				versions = append(versions, versionResult{act.Package.PkgPath, r})
			}
		}
		for _, p := range chunk {
			p.Syntax, p.TypesInfo = nil, nil
		}
	}
	rep.Findings = append(rep.Findings, c.findings...)
	rep.Problems = append(rep.Problems, c.problems...)
	rep.From, rep.FromSource, rep.Facts = fromVersion(opts.Dir, versions)
	rep.Sort()

	if opts.Trial != "" && opts.Trial != TrialOff {
		if !opts.Fix && !opts.Diff {
			// The static pass is done: let its types go before the
			// trial loads the target's, so that the peak memory is
			// the larger of the two, not their sum.
			packages.Visit(pkgs, nil, func(p *packages.Package) {
				p.Syntax, p.TypesInfo, p.Types, p.Imports = nil, nil, nil, nil
			})
		}
		resolved, err := opts.Catalog.Resolve(target)
		if err != nil {
			return nil, fmt.Errorf("target version: %w", err)
		}
		res.Trial, err = runTrial(ctx, opts, resolved, analysed, rep, c.ifaceKeys)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("trial type-check: %w", ctx.Err())
			}
			return nil, err
		}
		rep.Sort()
	}

	if opts.Fix || opts.Diff {
		fixed, problems := applyFixes(opts.Dir, rep.Findings, c.pkgOf)
		var held []report.Problem
		// Without a trial that ran, go.mod stays where it is: the
		// fixes that compile only against the target are held back.
		if why := trialAbsent(opts.Trial, res.Trial); why != "" && len(fixed) > 0 {
			var err error
			if fixed, held, err = holdBack(ctx, opts, rep.Findings, c.pkgOf, pkgs, why); err != nil {
				return nil, err
			}
			problems = append(problems, held...)
		}
		rep.Problems = append(rep.Problems, problems...)
		applied := 0
		for _, f := range rep.Findings {
			if f.Fix != nil && len(f.Fix.Edits) > 0 {
				applied++
			}
		}
		applied -= len(problems) // one problem per fix not applied
		modFiles := moduleFiles(opts.Dir, res.Trial)
		res.FixesApplied, res.FilesFixed = applied, len(fixed)+len(modFiles)
		if opts.Diff {
			res.Diff = fixed.diff() + modFiles.diff()
			return res, nil
		}
		written := append(fixed.write(opts.Dir), modFiles.write(opts.Dir)...)
		rep.Problems = append(rep.Problems, written...)
		problems = append(problems, written...)
		res.Fixed = &FixSummary{Fixes: applied, Files: len(fixed) + len(modFiles), Held: len(held), Problems: problems}
		if len(modFiles) > 0 {
			if err := finishBump(ctx, opts, rep, res); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

// trialAbsent says why the trial did not move go.mod: it was turned off
// (TrialOff) or skipped; "" when it ran for every module, or when no
// trial mode was given at all (the fixes are then as the analyzers
// suggest them, as go fix applies them).
func trialAbsent(mode TrialMode, sum *TrialSummary) string {
	switch {
	case sum == nil && mode == TrialOff:
		return "the trial type-check was off"
	case sum != nil && len(sum.Skipped) > 0:
		return "the trial was skipped"
	}
	return ""
}

// load runs go/packages in opts.Dir.
func load(ctx context.Context, opts Options) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    loadMode,
		Dir:     opts.Dir,
		Env:     opts.Env,
		Tests:   opts.Tests,
	}
	pkgs, err := packages.Load(cfg, workspacePatterns(opts.Dir, opts.Patterns)...)
	if err != nil {
		return nil, err
	}
	if opts.cache != nil {
		opts.cache.TypeCheck(ctx, pkgs, nil)
	} else {
		srcload.TypeCheck(ctx, pkgs, nil)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return pkgs, nil
}

// workspacePatterns expands "./..." at the root of a go.work workspace
// that is not itself a module (where the go command matches nothing) to
// "./dir/..." for each module the go.work uses below the root.
func workspacePatterns(dir string, patterns []string) []string {
	if !slices.Equal(patterns, []string{"./..."}) {
		return patterns
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
		return patterns
	}
	data, err := os.ReadFile(filepath.Join(dir, "go.work"))
	if err != nil {
		return patterns
	}
	wf, err := modfile.ParseWork("go.work", data, nil)
	if err != nil {
		return patterns
	}
	var out []string
	for _, u := range wf.Use {
		rel := filepath.ToSlash(filepath.Clean(u.Path))
		if filepath.IsAbs(u.Path) || !filepath.IsLocal(rel) {
			continue // outside the tree given
		}
		out = append(out, "./"+rel+"/...")
	}
	if len(out) == 0 {
		return patterns
	}
	return out
}

// selectRoots drops the packages not worth analysing: a package whose test
// variant was also loaded (the variant has the same files and more) and the
// main packages go test generates for the packages under test.
func selectRoots(pkgs []*packages.Package) []*packages.Package {
	hasTestVariant := map[string]bool{} // p has a variant "p [p.test]"
	underTest := map[string]bool{}      // p has some package built for its test
	for _, p := range pkgs {
		if p.ForTest != "" {
			underTest[p.ForTest] = true
			if p.ForTest == p.PkgPath {
				hasTestVariant[p.PkgPath] = true
			}
		}
	}
	var out []*packages.Package
	for _, p := range pkgs {
		if p.ForTest == "" && hasTestVariant[p.PkgPath] {
			continue
		}
		// The generated test main "p.test" of a package p under test.
		if under, ok := strings.CutSuffix(p.PkgPath, ".test"); ok && p.Name == "main" && underTest[under] {
			continue
		}
		out = append(out, p)
	}
	return out
}

// loadProblems reports, once per package path, the root packages that did
// not load or type-check cleanly, located at their first error.
func loadProblems(dir string, roots []*packages.Package) []report.Problem {
	var out []report.Problem
	seen := map[string]bool{}
	for _, p := range roots {
		if len(p.Errors) == 0 || seen[p.PkgPath] {
			continue
		}
		seen[p.PkgPath] = true
		first := firstError(p.Errors)
		input, line := p.PkgPath, 0
		if file, l, ok := splitPos(first.Pos); ok {
			input, line = relPath(dir, file), l
		}
		msg := errorText(first.Msg)
		if dep := unimportable(p, first); dep != nil {
			// Say why the import failed (typically: no module provides it).
			msg = fmt.Sprintf("could not import %s: %s", dep.PkgPath, errorText(firstError(dep.Errors).Msg))
		}
		if n := len(p.Errors) - 1; n > 0 {
			msg += fmt.Sprintf(" (and %d more %s)", n, plural(n, "error", "errors"))
		}
		what := "does not type-check"
		switch first.Kind {
		case packages.ListError:
			what = "cannot be loaded"
		case packages.ParseError:
			what = "does not parse"
		}
		if len(p.Syntax) > 0 {
			msg = fmt.Sprintf("package %s %s: %s; only findings made from syntax are reliable", p.PkgPath, what, msg)
		} else {
			msg = fmt.Sprintf("package %s %s: %s", p.PkgPath, what, msg)
		}
		out = append(out, report.Problem{Input: input, Line: line, Message: msg, Detector: rules.DetectCode})
	}
	return out
}

// unimportable returns the dependency a "could not import" type error of
// p names, when that dependency has errors of its own.
func unimportable(p *packages.Package, e packages.Error) *packages.Package {
	rest, ok := strings.CutPrefix(e.Msg, "could not import ")
	if !ok || e.Kind != packages.TypeError {
		return nil
	}
	path, _, _ := strings.Cut(rest, " ")
	if dep := p.Imports[path]; dep != nil && len(dep.Errors) > 0 {
		return dep
	}
	return nil
}

// firstError returns the error that best explains a package's failure:
// the first parse error, else the first type error, else the first error
// with a position, else the first. (A package that does not parse also
// fails to compile for export data, with a less useful list error.)
func firstError(errs []packages.Error) packages.Error {
	for _, kind := range []packages.ErrorKind{packages.ParseError, packages.TypeError} {
		for _, e := range errs {
			if e.Kind == kind {
				return e
			}
		}
	}
	for _, e := range errs {
		if _, _, ok := splitPos(e.Pos); ok {
			return e
		}
	}
	return errs[0]
}

// errorText returns the first meaningful line of a go/packages error
// message, skipping the "# package" header of compiler output; a line
// ending in a colon is joined with the next ("to add it: go get ...").
func errorText(msg string) string {
	var out string
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "# ") && out == "" {
			continue
		}
		if out != "" {
			return out + " " + l
		}
		out = l
		if !strings.HasSuffix(l, ":") {
			return out
		}
	}
	if out == "" {
		return strings.TrimSpace(msg)
	}
	return out
}

// splitPos splits a go/packages error position ("file:line:col" or
// "file:line") into file and line.
func splitPos(pos string) (file string, line int, ok bool) {
	file, line, _, ok = trial.SplitPos(pos)
	return file, line, ok
}

// closure returns the analyzers and everything they require, each once,
// so that every result (including the version analyzer's) stays
// reachable in the graph's roots.
func closure(suite []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func([]*analysis.Analyzer)
	visit = func(as []*analysis.Analyzer) {
		for _, a := range as {
			if a == nil || seen[a] {
				continue
			}
			seen[a] = true
			visit(a.Requires)
			out = append(out, a)
		}
	}
	visit(suite)
	return out
}

// converter turns checker actions into findings and problems.
type converter struct {
	dir      string
	cat      *rules.Catalog
	findings []report.Finding
	problems []report.Problem
	// pkgOf maps each file with a finding to the package it was
	// analysed in, for the import clean-up after fixes.
	pkgOf      map[string]*packages.Package
	errSeen    map[string]bool
	moduleSeen map[string]bool
	// ifaceKeys are the "file:line:rule" keys of the findings about
	// types that stop implementing an etcd interface, which the trial
	// can check.
	ifaceKeys map[string]bool
}

func (c *converter) action(act *checker.Action) {
	pkg := act.Package
	if act.Err != nil {
		msg := act.Err.Error()
		// Skipped ill-typed packages are already problems; failed
		// prerequisites repeat an error reported for the prerequisite.
		if !strings.HasPrefix(msg, "analysis skipped due to errors") && !strings.HasPrefix(msg, "failed prerequisites") {
			key := act.Analyzer.Name + "\x00" + pkg.PkgPath + "\x00" + msg
			if c.errSeen == nil {
				c.errSeen = map[string]bool{}
			}
			if !c.errSeen[key] {
				c.errSeen[key] = true
				c.problems = append(c.problems, report.Problem{
					Input:    pkg.PkgPath,
					Message:  fmt.Sprintf("analyzer %s failed: %s", act.Analyzer.Name, errorText(msg)),
					Detector: rules.DetectCode,
				})
			}
		}
	}
	own := map[string]bool{}
	for _, f := range pkg.GoFiles {
		own[f] = true
	}
	for _, d := range act.Diagnostics {
		pos := pkg.Fset.PositionFor(d.Pos, false)
		if !own[pos.Filename] {
			continue // generated by cgo or go test
		}
		if act.Analyzer.Name == ifaceAnalyzer {
			if c.ifaceKeys == nil {
				c.ifaceKeys = map[string]bool{}
			}
			c.ifaceKeys[fmt.Sprintf("%s:%d:%s", relPath(c.dir, pos.Filename), pos.Line, d.Category)] = true
		}
		if act.Analyzer.Name == moduleAnalyzer && pkg.Module != nil && pkg.Module.GoMod != "" {
			c.moduleDiagnostic(pkg, d)
			continue
		}
		c.diagnostic(pkg, d, pos)
	}
}

// moduleAnalyzer is the analyzer whose findings are about the module's
// requirements: under go vet it can only report them in a package, once
// per package; here each is reported once, at its go.mod line.
const moduleAnalyzer = "godeps"

// moduleDiagnostic reports d at the go.mod line it is about: the require
// line of the longest required module path its message names, else the go
// line (or, with no go line, the module line). Each rule is reported once
// per go.mod line.
func (c *converter) moduleDiagnostic(pkg *packages.Package, d analysis.Diagnostic) {
	lines := goModLines(pkg.Module.GoMod)
	line := lines.goLine()
	if lines.file != nil {
		best := ""
		for _, r := range lines.file.Require {
			if p := r.Mod.Path; len(p) > len(best) && r.Syntax != nil && mentions(d.Message, p) {
				best, line = p, r.Syntax.Start.Line
			}
		}
	}
	file := relPath(c.dir, pkg.Module.GoMod)
	key := d.Category + "\x00" + file + "\x00" + strconv.Itoa(line)
	if c.moduleSeen == nil {
		c.moduleSeen = map[string]bool{}
	}
	if c.moduleSeen[key] {
		return
	}
	c.moduleSeen[key] = true
	d.SuggestedFixes = nil // edits are in Go files; the finding is at go.mod
	n := len(c.findings)
	c.diagnostic(pkg, d, token.Position{Filename: pkg.Module.GoMod, Line: line, Column: 1})
	if len(c.findings) > n {
		f := &c.findings[n]
		f.Location = report.Location{File: file, Line: line, Column: 1, EndLine: line, EndColumn: 1}
	}
}

// mentions reports whether msg names the module path p as a whole word.
func mentions(msg, p string) bool {
	for i := 0; ; {
		j := strings.Index(msg[i:], p)
		if j < 0 {
			return false
		}
		end := i + j + len(p)
		before := i+j == 0 || strings.ContainsRune(" (\"'`", rune(msg[i+j-1]))
		after := end == len(msg) || strings.ContainsRune(" )@,;:\"'`", rune(msg[end]))
		if before && after {
			return true
		}
		i = end
	}
}

func (c *converter) diagnostic(pkg *packages.Package, d analysis.Diagnostic, pos token.Position) {
	f := report.Finding{
		Rule:     d.Category,
		Detector: rules.DetectCode,
		Location: report.Location{
			File:   relPath(c.dir, pos.Filename),
			Line:   pos.Line,
			Column: pos.Column,
		},
	}
	msg, note, syntaxOnly := analyzers.Split(d)
	f.Message, f.Note, f.LowConfidence = msg, note, syntaxOnly || pkg.IllTyped
	if d.End.IsValid() {
		end := pkg.Fset.PositionFor(d.End, false)
		f.Location.EndLine, f.Location.EndColumn = end.Line, end.Column
	}
	r := c.cat.Rule(d.Category)
	if r == nil {
		c.problems = append(c.problems, report.Problem{
			Input:    f.Location.File,
			Line:     f.Location.Line,
			Message:  fmt.Sprintf("diagnostic with unknown rule %q: %s", d.Category, d.Message),
			Detector: rules.DetectCode,
		})
		return
	}
	f.Severity, f.Source = r.Severity, r.Source
	if sev, ok := analyzers.Severity(d); ok {
		f.Severity = sev
	}
	if len(d.SuggestedFixes) > 0 {
		sf := d.SuggestedFixes[0]
		fx := &report.Fix{Description: sf.Message}
		for _, e := range sf.TextEdits {
			fx.Edits = append(fx.Edits, c.edit(pkg.Fset, e))
		}
		f.Fix = fx
		if c.pkgOf == nil {
			c.pkgOf = map[string]*packages.Package{}
		}
		for _, e := range fx.Edits {
			c.pkgOf[e.File] = pkg
		}
	}
	c.findings = append(c.findings, f)
}

func (c *converter) edit(fset *token.FileSet, e analysis.TextEdit) report.Edit {
	start := fset.PositionFor(e.Pos, false)
	end := start
	if e.End.IsValid() {
		end = fset.PositionFor(e.End, false)
	}
	return report.Edit{
		File:      relPath(c.dir, start.Filename),
		Start:     start.Offset,
		End:       end.Offset,
		NewText:   string(e.NewText),
		Line:      start.Line,
		Column:    start.Column,
		EndLine:   end.Line,
		EndColumn: end.Column,
	}
}

// relPath returns file relative to dir, with forward slashes, when it is
// below dir; otherwise file unchanged.
func relPath(dir, file string) string {
	if r, err := filepath.Rel(dir, file); err == nil && filepath.IsLocal(r) {
		return filepath.ToSlash(r)
	}
	return file
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
