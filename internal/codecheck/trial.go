package codecheck

import (
	"cmp"
	"context"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/directive"
	"github.com/etcdlint/etcdlint/internal/etcdpath"
	"github.com/etcdlint/etcdlint/internal/modtree"
	"github.com/etcdlint/etcdlint/internal/trial"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// TrialMode says whether `etcdlint code` type-checks the module against
// the target etcd modules.
type TrialMode string

// The trial modes.
const (
	// TrialAuto runs the trial when the target modules can be had and
	// reports it as skipped otherwise.
	TrialAuto TrialMode = "auto"
	// TrialOn runs the trial; a trial that cannot run is a problem that
	// fails the run.
	TrialOn TrialMode = "on"
	// TrialOff runs only the static analyzers.
	TrialOff TrialMode = "off"
)

// ParseTrialMode parses the value of --trial.
func ParseTrialMode(s string) (TrialMode, error) {
	switch m := TrialMode(s); m {
	case TrialAuto, TrialOn, TrialOff:
		return m, nil
	case "":
		return TrialAuto, nil
	}
	return "", fmt.Errorf("trial mode %q: want auto, on or off", s)
}

// The rules of the trial's own findings.
const (
	ruleCompile   = "EC0080"
	ruleDepBreak  = "EC0081"
	ruleToolchain = "EC0082"
)

// TrialError is one compile error of the trial, with the rule it was
// reported under.
type TrialError struct {
	File         string // relative to Options.Dir, slash separated
	Line, Column int
	Message      string
	// Rule is the rule of the finding that reports it: the static
	// finding on the same line when there is one, else EC0080.
	Rule string
}

// TrialSummary is what the trial did.
type TrialSummary struct {
	// Skipped says why the trial did not run for some module ("" when it
	// ran everywhere).
	Skipped []string
	// Modules are the module roots tried.
	Modules []string
	// Packages is the number of packages type-checked at the target.
	Packages int
	// Errors are the compile errors in the modules' own files.
	Errors []TrialError
	// Refuted are the static findings ("file:line:rule") that a type
	// no longer implements an etcd interface which the type checker, at
	// the target, shows it does implement (e.g. through an embedded
	// *clientv3.Client); they are dropped.
	Refuted []string
	// GoMod and GoSum are, per module root, the go.mod and go.sum the
	// trial built with.
	GoMod, GoSum map[string][]byte
	// Silent counts the silent-change findings (severity warning or
	// info: the code compiles, its behaviour changes) that the
	// analyzers made on the packages that type-check at the target;
	// Added those on a line and rule the static pass did not report,
	// Changed those whose message the target's types changed.
	Silent, Added, Changed int
}

// importRules are the rules whose fixes rewrite import paths: the
// trial's overlay applies exactly these fixes.
func importRules(cat *rules.Catalog) map[string]bool {
	out := map[string]bool{}
	for _, m := range cat.Imports() {
		if m.Rule != "" {
			out[m.Rule] = true
		}
	}
	return out
}

// overlay returns the content of each file with its import rewrites
// applied, keyed by absolute path. The edits are applied without
// reformatting, so every line keeps its number.
func overlay(dir string, cat *rules.Catalog, findings []report.Finding) (map[string][]byte, error) {
	imp := importRules(cat)
	edits := map[string][]span{}
	for _, f := range findings {
		if f.Fix == nil || !imp[f.Rule] {
			continue
		}
		for _, e := range f.Fix.Edits {
			s := span{e.Start, e.End, e.NewText}
			if !slices.ContainsFunc(edits[e.File], s.overlaps) && !slices.Contains(edits[e.File], s) {
				edits[e.File] = append(edits[e.File], s)
			}
		}
	}
	out := map[string][]byte{}
	for _, file := range sortedKeys(edits) {
		path := filepath.Join(dir, filepath.FromSlash(file))
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("trial overlay: %w", err)
		}
		for _, s := range edits[file] {
			if s.start < 0 || s.end < s.start || s.end > len(b) {
				return nil, fmt.Errorf("trial overlay: %s changed since it was analysed", file)
			}
		}
		out[path] = applyEdits(b, edits[file])
	}
	return out, nil
}

// mainModules returns the roots of the main modules the analysed packages
// belong to, sorted, with the import paths of each one's packages.
func mainModules(pkgs []*packages.Package) (roots []string, pkgPaths map[string][]string) {
	pkgPaths = map[string][]string{}
	for _, p := range pkgs {
		if p.Module == nil || !p.Module.Main || p.Module.Dir == "" {
			continue
		}
		path := p.PkgPath
		if p.ForTest != "" {
			path = p.ForTest // "p [p.test]" and the external "p_test"
		}
		if !slices.Contains(pkgPaths[p.Module.Dir], path) {
			pkgPaths[p.Module.Dir] = append(pkgPaths[p.Module.Dir], path)
		}
	}
	roots = sortedKeys(pkgPaths)
	for _, r := range roots {
		slices.Sort(pkgPaths[r])
	}
	return roots, pkgPaths
}

// runTrial type-checks every main module against the target and merges
// the outcome into rep: compile errors on a line with a static finding
// confirm it, the others become EC0080 findings; dependency breaks are
// reported at go.mod.
func runTrial(ctx context.Context, opts Options, target rules.Version, analysed []*packages.Package, rep *report.Report, ifaceKeys map[string]bool) (*TrialSummary, error) {
	sum := &TrialSummary{GoMod: map[string][]byte{}, GoSum: map[string][]byte{}}
	skip := func(input, why string) {
		sum.Skipped = append(sum.Skipped, why)
		rep.Problems = append(rep.Problems, report.Problem{
			Input:    input,
			Message:  "trial type-check against etcd " + target.String() + " skipped: " + why,
			Detector: rules.DetectCode,
			Skipped:  opts.Trial != TrialOn,
		})
	}
	roots, pkgPaths := mainModules(analysed)
	if len(roots) == 0 {
		skip(opts.Dir, "the packages belong to no module (GOPATH mode or GO111MODULE=off)")
		return sum, nil
	}
	ov, err := overlay(opts.Dir, opts.Catalog, rep.Findings)
	if err != nil {
		return nil, err
	}
	paths, err := etcdpath.NewTable(opts.Catalog.Imports())
	if err != nil {
		return nil, fmt.Errorf("trial overlay: %w", err)
	}
	for _, root := range roots {
		if err := moveModuleImports(root, paths, target, ov); err != nil {
			return nil, fmt.Errorf("trial overlay: %w", err)
		}
	}
	for _, root := range roots {
		sum.Modules = append(sum.Modules, relPath(opts.Dir, root))
		if opts.TrialStarted != nil {
			opts.TrialStarted(root)
		}
		res, err := trial.Run(ctx, trial.Options{
			ModDir:   root,
			Patterns: pkgPaths[root],
			Tests:    opts.Tests,
			Target:   target,
			Catalog:  opts.Catalog,
			Overlay:  ov,
			Env:      opts.Env,
			Progress: opts.Progress,
			Cache:    opts.cache,
			Analyze: func(own []*packages.Package) error {
				return analyseAtTarget(opts, target, own, rep, sum)
			},
		})
		if err != nil {
			return nil, err
		}
		gomod := relPath(opts.Dir, filepath.Join(root, "go.mod"))
		if res.Skipped != "" {
			skip(gomod, res.Skipped)
			continue
		}
		for _, req := range sortedKeys(res.Inexact) {
			rep.Notices = append(rep.Notices, fmt.Sprintf("%s: the trial type-check against etcd %s used %s, the newest commit of %s: etcd %s publishes no module versions, so the patch release is approximated",
				gomod, target, req, res.Inexact[req], target.MinorLine()))
		}
		lines := goModLines(filepath.Join(root, "go.mod"))
		if res.Toolchain != "" {
			rep.Findings = append(rep.Findings, trialFinding(opts.Catalog, ruleToolchain, gomod, lines.goLine(),
				fmt.Sprintf("the Go toolchain cannot build the etcd %s modules: %s", target, res.Toolchain), ""))
			skip(gomod, "the Go toolchain is older than the target modules need (see "+ruleToolchain+")")
			continue
		}
		sum.Packages += res.Packages
		for _, pkg := range res.Blocked {
			rep.Problems = append(rep.Problems, report.Problem{
				Input:    pkg,
				Message:  fmt.Sprintf("trial type-check against etcd %s: an import of the package does not build at the target (see the %s findings), so its own code was not type-checked behind it", target, ruleDepBreak+"/"+ruleCompile),
				Detector: rules.DetectCode,
				Skipped:  true,
			})
		}
		sum.GoMod[root], sum.GoSum[root] = res.GoMod, res.GoSum
		// One finding per go.mod line: the failures that one requirement
		// explains are listed in it together.
		type depLine struct {
			line  int
			mod   string
			parts []string
		}
		var byLine []*depLine
		for _, d := range res.DepErrors {
			line, mod := lines.requireFor(d)
			part := strings.TrimSuffix(d.Msg, ".")
			if d.Package != "" && !strings.Contains(d.Msg, d.Package) {
				part = fmt.Sprintf("package %s fails: %s", d.Package, part)
			}
			i := slices.IndexFunc(byLine, func(l *depLine) bool { return l.line == line })
			if i < 0 {
				byLine = append(byLine, &depLine{line: line, mod: mod})
				i = len(byLine) - 1
			}
			if !slices.Contains(byLine[i].parts, part) {
				byLine[i].parts = append(byLine[i].parts, part)
			}
		}
		for _, l := range byLine {
			note := ""
			if l.mod != "" {
				note = "raise or drop the requirement on " + l.mod
			}
			msg := fmt.Sprintf("with etcd %s required, %s", target, strings.Join(l.parts, "; "))
			rep.Findings = append(rep.Findings, trialFinding(opts.Catalog, ruleDepBreak, gomod, l.line, msg, note))
		}
		mergeErrors(opts, target, res.Errors, rep, sum)
		// Said when it finds nothing too: a clean trial is a result.
		rep.Facts = append(rep.Facts, report.Fact{Subject: gomod, Name: "trial",
			Value: fmt.Sprintf("%d %s type-checked against etcd %s: %d compile %s, %d dependency %s",
				res.Packages, plural(res.Packages, "package", "packages"), target,
				len(res.Errors), plural(len(res.Errors), "error", "errors"),
				len(byLine), plural(len(byLine), "break", "breaks"))})
		rep.Findings = slices.DeleteFunc(rep.Findings, func(f report.Finding) bool {
			key := fmt.Sprintf("%s:%d:%s", f.Location.File, f.Location.Line, f.Rule)
			if ifaceKeys[key] && implementsAtTarget(opts.Dir, f, res.Own) {
				sum.Refuted = append(sum.Refuted, key)
				return true
			}
			return false
		})
	}
	return sum, nil
}

// analyseAtTarget runs the etcdlint analyzers, from the version the
// static pass found, on the module's packages that type-check at the
// target, and merges their silent-change findings into rep: one finding
// per line and rule, the target's message winning when it differs (the
// static finding keeps its fix, whose offsets are the files' own). The
// breaking findings are the compiler's to confirm.
func analyseAtTarget(opts Options, target rules.Version, own []*packages.Package, rep *report.Report, sum *TrialSummary) error {
	from := cmp.Or(opts.From, rep.From)
	if from == "" {
		return nil // no from: no rule applies
	}
	var typed []*packages.Package
	for _, p := range own {
		if !p.IllTyped && len(p.Errors) == 0 {
			typed = append(typed, p)
		}
	}
	if len(typed) == 0 {
		return nil
	}
	all := closure(analyzers.NewSuite(analyzers.Config{From: from, Target: target.String()}))
	c := converter{dir: opts.Dir, cat: opts.Catalog}
	for chunk := range slices.Chunk(typed, analysisChunk) {
		graph, err := checker.Analyze(all, chunk, nil)
		if err != nil {
			return fmt.Errorf("running the analyzers at the target: %w", err)
		}
		for _, act := range graph.Roots {
			c.action(act)
		}
	}
	type key struct {
		file string
		line int
		rule string
	}
	static := map[key]int{}
	for i, f := range rep.Findings {
		static[key{f.Location.File, f.Location.Line, f.Rule}] = i
	}
	seen := map[key]bool{}
	for _, f := range c.findings {
		k := key{f.Location.File, f.Location.Line, f.Rule}
		if f.Severity >= rules.Error || f.Rule == directive.RuleID || filepath.Ext(f.Location.File) != ".go" || seen[k] {
			continue
		}
		seen[k] = true
		sum.Silent++
		if i, ok := static[k]; ok {
			s := &rep.Findings[i]
			if s.Message != f.Message || s.Note != f.Note {
				s.Message, s.Note = f.Message, f.Note
				sum.Changed++
			}
			s.LowConfidence = false
			continue
		}
		f.Fix = nil // its offsets are the trial's rewritten files'
		rep.Findings = append(rep.Findings, f)
		sum.Added++
	}
	return nil
}

// mergeErrors attributes each compile error to the static finding on its
// line that explains it (see onLine), or reports it as EC0080.
func mergeErrors(opts Options, target rules.Version, errs []trial.Error, rep *report.Report, sum *TrialSummary) {
	type key struct {
		file string
		line int
	}
	static := map[key][]int{}
	for i, f := range rep.Findings {
		if f.Detector == rules.DetectCode && f.Location.File != "" {
			k := key{f.Location.File, f.Location.Line}
			static[k] = append(static[k], i)
		}
	}
	imp := importRules(opts.Catalog)
	generic := map[key]int{}
	for _, e := range errs {
		file := relPath(opts.Dir, e.File)
		k := key{file, e.Line}
		te := TrialError{File: file, Line: e.Line, Column: e.Column, Message: e.Msg}
		if i, ok := onLine(rep.Findings, static[k], e.Column, imp); ok {
			f := &rep.Findings[i]
			te.Rule = f.Rule
			f.LowConfidence = false
			confirm := failure(e, target) + ": " + e.Msg
			if !strings.Contains(f.Note, confirm) {
				f.Note = strings.TrimPrefix(f.Note+"; "+confirm, "; ")
			}
		} else if i, ok := generic[k]; ok {
			// A second error on the same line: one finding.
			te.Rule = ruleCompile
			rep.Findings[i].Message += "; " + e.Msg
		} else {
			te.Rule = ruleCompile
			f := trialFinding(opts.Catalog, ruleCompile, file, e.Line, failure(e, target)+": "+e.Msg, "")
			f.Location.Column = e.Column
			f.Location.EndLine = e.Line
			f.Location.EndColumn = e.Column
			generic[k] = len(rep.Findings)
			rep.Findings = append(rep.Findings, f)
		}
		sum.Errors = append(sum.Errors, te)
	}
}

// onLine picks, among the static findings at idx (one line's), the one a
// compile error at column col confirms: the finding whose span holds the
// column; else the first that is not an import-path move (the trial's
// overlay applied those, so they cannot be what fails); else the first.
func onLine(findings []report.Finding, idx []int, col int, imp map[string]bool) (int, bool) {
	if len(idx) == 0 {
		return 0, false
	}
	for _, i := range idx {
		l := findings[i].Location
		if col > 0 && l.Column <= col && (col <= l.EndColumn || l.EndLine > l.Line) {
			return i, true
		}
	}
	for _, i := range idx {
		if !imp[findings[i].Rule] {
			return i, true
		}
	}
	return idx[0], true
}

// failure says how a trial error fails: the build or go vet.
func failure(e trial.Error, target rules.Version) string {
	if e.Vet {
		return "fails go vet against etcd " + target.String()
	}
	return "does not compile against etcd " + target.String()
}

func trialFinding(cat *rules.Catalog, rule, file string, line int, msg, note string) report.Finding {
	f := report.Finding{
		Rule:     rule,
		Message:  msg,
		Note:     note,
		Detector: rules.DetectCode,
		Location: report.Location{File: file, Line: line, Column: 1, EndLine: line, EndColumn: 1},
	}
	if r := cat.Rule(rule); r != nil {
		f.Severity, f.Source = r.Severity, r.Source
	}
	return f
}

// modLines locates the lines of a go.mod.
type modLines struct {
	file *modfile.File
}

func goModLines(path string) modLines {
	data, err := os.ReadFile(path)
	if err != nil {
		return modLines{}
	}
	f, err := modfile.ParseLax(path, data, nil)
	if err != nil {
		return modLines{}
	}
	return modLines{f}
}

// goLine is the line of the go directive, else of the module directive,
// else 1.
func (m modLines) goLine() int {
	switch {
	case m.file == nil:
		return 1
	case m.file.Go != nil && m.file.Go.Syntax != nil:
		return m.file.Go.Syntax.Start.Line
	case m.file.Module != nil && m.file.Module.Syntax != nil:
		return m.file.Module.Syntax.Start.Line
	}
	return 1
}

// requireFor returns the require line of the module a dependency error
// is about: the failing package's module, else the longest required
// module path the message names; else the go line.
func (m modLines) requireFor(d trial.DepError) (int, string) {
	if m.file == nil {
		return 1, ""
	}
	best := -1
	for i, r := range m.file.Require {
		p := r.Mod.Path
		hit := p == d.Module || strings.Contains(d.Msg, p+" ") || strings.Contains(d.Msg, p+"@") || strings.HasSuffix(d.Msg, p)
		if hit && (best < 0 || len(p) > len(m.file.Require[best].Mod.Path)) {
			best = i
		}
	}
	if best >= 0 && m.file.Require[best].Syntax != nil {
		return m.file.Require[best].Syntax.Start.Line, m.file.Require[best].Mod.Path
	}
	return m.goLine(), ""
}

// ifaceAnalyzer is the analyzer whose findings say a type stops
// implementing an etcd interface.
const ifaceAnalyzer = "ifacemethods"

// ifaceClaim parses such a finding: the type and the interface.
var ifaceClaim = regexp.MustCompile(`^type (\w+) implements (\w+)\.(\w+) (?:but lacks|without embedding)`)

// implementsAtTarget reports whether the type a finding is about does,
// type-checked against the target, implement the interface the finding
// says it no longer implements.
func implementsAtTarget(dir string, f report.Finding, own []*packages.Package) bool {
	m := ifaceClaim.FindStringSubmatch(f.Message)
	if m == nil {
		return false
	}
	file := filepath.Join(dir, filepath.FromSlash(f.Location.File))
	for _, p := range own {
		if !slices.ContainsFunc(p.Syntax, func(s *ast.File) bool { return p.Fset.File(s.Pos()).Name() == file }) {
			continue
		}
		tn, ok := p.Types.Scope().Lookup(m[1]).(*types.TypeName)
		if !ok {
			return false
		}
		for _, imp := range p.Types.Imports() {
			if imp.Name() != m[2] {
				continue
			}
			obj, ok := imp.Scope().Lookup(m[3]).(*types.TypeName)
			if !ok {
				continue
			}
			iface, ok := obj.Type().Underlying().(*types.Interface)
			if !ok {
				continue
			}
			t := tn.Type()
			return types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface)
		}
		return false
	}
	return false
}

// TrialCovered returns the IDs of the rules the trial type-check reports.
func TrialCovered() []string { return []string{ruleCompile, ruleDepBreak, ruleToolchain} }

// moveModuleImports adds to ov, for each Go file of the module at root
// that ov does not hold, the file with its etcd imports moved to where
// the packages live at target. The static analysis covers the packages
// asked for; the module's other packages that they import must build at
// the target too, and their imports have no fix to take the rewrite
// from. Import paths only change: every line keeps its number.
func moveModuleImports(root string, paths *etcdpath.Table, target rules.Version, ov map[string][]byte) error {
	return modtree.Imports(root, ov, maxFixFile, func(f modtree.File) error {
		if f.Overlaid {
			return nil // already rewritten with the fixes
		}
		var edits []span
		for _, spec := range f.Syntax.Imports {
			old, err := strconv.Unquote(spec.Path.Value)
			if err != nil || !etcdpath.IsEtcd(old) {
				continue
			}
			// From the oldest release: a path already moved is left alone.
			hops := paths.Forward(old, rules.Version{}, target)
			if len(hops) == 0 || hops[len(hops)-1].To == "" {
				continue // not moved, or removed: the type-check says so
			}
			tf := f.Fset.File(spec.Path.Pos())
			edits = append(edits, span{tf.Offset(spec.Path.Pos()), tf.Offset(spec.Path.End()), strconv.Quote(hops[len(hops)-1].To)})
		}
		if len(edits) > 0 {
			ov[f.Path] = applyEdits(f.Src, edits)
		}
		return nil
	})
}
