// Package trial type-checks a Go module against the real modules of a
// target etcd release without touching the module's tree.
//
// The trial copies go.mod and go.sum to a scratch directory and hands the
// copy to the go command with -modfile; it drops the module's old etcd
// requirements there, requires the target release's modules that the
// (rewritten) imports need, resolved by the user's own go command with the
// user's GOPROXY, GOPRIVATE, GONOSUMDB and GOFLAGS, and loads the packages
// through go/packages with the rewritten files as an overlay. What does not
// compile is returned as [Error]s at their file:line:col; what breaks in
// the dependencies as [DepError]s, for the caller to place at go.mod.
package trial

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/packages"

	"github.com/etcdlint/etcdlint/internal/modtree"
	"github.com/etcdlint/etcdlint/internal/srcload"
	"github.com/etcdlint/etcdlint/rules"
)

// Options configures one trial.
type Options struct {
	// ModDir is the root of the module (the directory of its go.mod).
	ModDir string
	// Patterns are the go/packages patterns, relative to ModDir.
	Patterns []string
	// Tests includes test files.
	Tests bool
	// Target is the etcd release to type-check against (X.Y.Z).
	Target rules.Version
	// Catalog provides the import-path table that says which module
	// provides each etcd package at the target.
	Catalog *rules.Catalog
	// Overlay maps absolute file paths to their content with the etcd
	// imports rewritten for the target.
	Overlay map[string][]byte
	// Env is the environment of the go command (nil: this process's).
	Env []string
	// Progress, when set, is called with a short description of each
	// step as it starts.
	Progress func(step string)
	// Analyze, when set, is called with the module's own packages as
	// type-checked at the target (Result.Own) once the trial's errors
	// are collected, to run more analyzers on them.
	Analyze func(own []*packages.Package) error
	// Cache, when set, is the type-check cache the trial checks through
	// (see [srcload.Cache]): packages an earlier check through it left
	// as they are now are taken from it, and the trial's packages are
	// kept in it for a later check.
	Cache *srcload.Cache
}

// Error is one compile error in the module's own files.
type Error struct {
	File         string // absolute path
	Line, Column int
	Msg          string
	Package      string
	// Vet is true for a go vet diagnostic (the code compiles).
	Vet bool
}

// DepError is a failure outside the module's own files once the
// target is required: a dependency that does not build, an import the
// build list cannot satisfy unambiguously.
type DepError struct {
	// Package is the package that failed (or that imports the failing one).
	Package string
	// Module is the failing package's module path, when known.
	Module string
	Msg    string
	more   int
}

// Result is the outcome of a trial.
type Result struct {
	// Skipped says why the trial could not run; "" when it ran.
	Skipped string
	// Toolchain is set when the go command refused the target modules
	// because it is older than their go directive: the go command's
	// message.
	Toolchain string
	// Required are the module@version requirements the trial added.
	Required []string
	// Inexact maps each requirement of Required that was resolved from
	// a query other than the target's version (a release branch: etcd
	// 3.4 publishes no module versions) to that query.
	Inexact map[string]string
	// GoMod and GoSum are the scratch go.mod and go.sum after the trial.
	GoMod, GoSum []byte
	Errors       []Error
	DepErrors    []DepError
	// Packages is the number of the module's packages type-checked.
	Packages int
	// Own are the module's packages as type-checked at the target.
	Own []*packages.Package
	// Blocked are the module's packages whose type errors are not
	// reported because an import of theirs does not build at the target
	// (reported as a dependency error or at the import line).
	Blocked []string
}

// Run performs the trial for one module.
func Run(ctx context.Context, opts Options) (*Result, error) {
	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}
	gomodPath := filepath.Join(opts.ModDir, "go.mod")
	for _, name := range []string{"go.mod", "go.sum"} {
		if fi, err := os.Lstat(filepath.Join(opts.ModDir, name)); err == nil && !fi.Mode().IsRegular() {
			return &Result{Skipped: name + " is not a regular file (a symbolic link?): not read"}, nil
		}
	}
	data, err := os.ReadFile(gomodPath)
	if err != nil {
		return nil, fmt.Errorf("trial: %w", err)
	}
	mf, err := modfile.Parse(gomodPath, data, nil)
	if err != nil {
		return nil, fmt.Errorf("trial: %w", err)
	}
	for _, r := range mf.Replace {
		if isEtcdModule(r.Old.Path) {
			to := r.New.Path
			if r.New.Version != "" {
				to += " " + r.New.Version
			}
			return &Result{Skipped: fmt.Sprintf("cannot trial a replaced etcd: go.mod:%d replaces %s with %s", r.Syntax.Start.Line, r.Old.Path, to)}, nil
		}
	}

	scratch, err := os.MkdirTemp("", "etcdlint-trial-")
	if err != nil {
		return nil, fmt.Errorf("trial: %w", err)
	}
	defer os.RemoveAll(scratch)
	modPath := filepath.Join(scratch, "go.mod")
	sumPath := filepath.Join(scratch, "go.sum")
	sum, err := os.ReadFile(filepath.Join(opts.ModDir, "go.sum"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("trial: %w", err)
	}
	self := ""
	if mf.Module != nil {
		self = mf.Module.Mod.Path
	}
	for _, r := range slices.Clone(mf.Require) {
		if isEtcdModule(r.Mod.Path) {
			if err := mf.DropRequire(r.Mod.Path); err != nil {
				return nil, fmt.Errorf("trial: %w", err)
			}
		}
	}
	mf.Cleanup()
	edited, err := mf.Format()
	if err != nil {
		return nil, fmt.Errorf("trial: %w", err)
	}
	if err := os.WriteFile(modPath, edited, 0o600); err != nil {
		return nil, fmt.Errorf("trial: %w", err)
	}
	if err := os.WriteFile(sumPath, sum, 0o600); err != nil {
		return nil, fmt.Errorf("trial: %w", err)
	}

	env := append(slices.Clone(opts.Env), "GOWORK=off")
	if opts.Env == nil {
		env = append(os.Environ(), "GOWORK=off")
	}
	imports, err := etcdImports(opts.ModDir, opts.Overlay)
	if err != nil {
		return nil, fmt.Errorf("trial: %w", err)
	}
	// The module's own packages (etcd's own modules are etcd modules
	// too) are not requirements.
	imports = slices.DeleteFunc(imports, func(p string) bool { return self != "" && within(p, self) })
	res := &Result{}
	queries := requirements(opts.Catalog, opts.Target, imports)
	if len(queries) > 0 {
		progress("resolving " + strings.Join(queries, " "))
	}
	// Resolve each query to a version and download that module alone:
	// go get would also load the packages at each module's root, which
	// for a pre-module etcd means etcd's own binary and all its imports.
	for _, q := range queries {
		path, query, _ := strings.Cut(q, "@")
		version := query
		if !semver.IsValid(query) {
			out, err := goCommand(ctx, opts.ModDir, env, "list", "-modfile="+modPath, "-m", "-f", "{{.Version}}", q)
			if err != nil {
				return res.skip(ctx, opts.Target, "go list -m "+q, goError(out, err))
			}
			version = strings.TrimSpace(string(out))
			if res.Inexact == nil {
				res.Inexact = map[string]string{}
			}
			res.Inexact[path+"@"+version] = query
		}
		if out, err := goCommand(ctx, opts.ModDir, env, "mod", "download", "-modfile="+modPath, path+"@"+version); err != nil {
			// Whether the go command repeats the module in its message
			// depends on what the module cache holds: say it once.
			msg := strings.TrimPrefix(goError(out, err), path+"@"+version+": ")
			return res.skip(ctx, opts.Target, "go mod download "+path+"@"+version, msg)
		}
		res.Required = append(res.Required, path+"@"+version)
	}
	if len(res.Required) > 0 {
		// Listing the build list with -mod=mod writes it back: the
		// shared dependencies and the go line raised by minimal version
		// selection, as `go get` does in a user's bump.
		if err := addRequires(modPath, res.Required); err != nil {
			return nil, fmt.Errorf("trial: %w", err)
		}
	}
	pre, err := os.ReadFile(modPath)
	if err != nil {
		return nil, fmt.Errorf("trial: %w", err)
	}
	before, err := buildList(ctx, opts.ModDir, env, modPath)
	if err != nil {
		return res.skip(ctx, opts.Target, "go list -m all", err.Error())
	}
	// A go line the listing raised from before 1.17 turns on module graph
	// pruning, but the listing writes back only the requirements it had:
	// the indirect ones the pruned graph needs (a newer genproto that
	// splits off googleapis/rpc) are lost, and the next load sees another
	// build list than `go get` leaves. Raise the go line the way go get
	// does instead, from the go.mod as it was.
	if from, to := goLine(pre), goLine(readOrNil(modPath)); from != to && pruningFrom(to) && !pruningFrom(from) {
		if err := os.WriteFile(modPath, pre, 0o600); err != nil {
			return nil, fmt.Errorf("trial: %w", err)
		}
		if out, err := goCommand(ctx, opts.ModDir, env, "get", "-modfile="+modPath, "go@"+to); err != nil {
			return res.skip(ctx, opts.Target, "go get go@"+to, goError(out, err))
		}
		if before, err = buildList(ctx, opts.ModDir, env, modPath); err != nil {
			return res.skip(ctx, opts.Target, "go list -m all", err.Error())
		}
	}

	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	// First the import graph alone: which module provides each package.
	// A package the bumped build list does not provide makes the go
	// command (with -mod=mod) look for it beyond the build list.
	progress("loading the import graph at etcd " + opts.Target.String())
	graph, err := packages.Load(&packages.Config{
		Context:    ctx,
		Mode:       srcload.Mode,
		Dir:        opts.ModDir,
		Env:        env,
		BuildFlags: []string{"-modfile=" + modPath, "-mod=mod"},
		Overlay:    opts.Overlay,
		Tests:      opts.Tests,
	}, patterns...)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("trial: %w", ctx.Err())
		}
		return res.skip(ctx, opts.Target, "go list", redact(firstLine(err.Error())))
	}
	provided := map[string]string{} // module path -> version, as loaded
	packages.Visit(graph, nil, func(p *packages.Package) {
		if p.Module != nil && !p.Module.Main && p.Module.Version != "" {
			provided[p.Module.Path] = p.Module.Version
		}
	})
	var added []string
	for _, path := range sortedKeys(provided) {
		v, ok := before[path]
		switch {
		case !ok:
			added = append(added, path+" "+provided[path])
		case v != provided[path]:
			res.DepErrors = append(res.DepErrors, DepError{Module: path,
				Msg: fmt.Sprintf("the bumped build list has %s %s, which lacks packages the build needs: the go command had to look them up and took %s", path, v, provided[path])})
		}
	}
	if len(added) > 0 {
		res.DepErrors = append(res.DepErrors, DepError{
			Msg: fmt.Sprintf("the bumped build list lacks %d %s the build needs; the go command had to look up: %s", len(added), plural(len(added), "module", "modules"), strings.Join(added, ", "))})
	}

	progress("type-checking against etcd " + opts.Target.String())
	if opts.Cache != nil {
		opts.Cache.TypeCheck(ctx, graph, opts.Overlay)
	} else {
		srcload.TypeCheck(ctx, graph, opts.Overlay)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("trial: %w", err)
	}
	pkgs := graph
	collect(res, opts.ModDir, pkgs)
	progress(fmt.Sprintf("type-checked %d %s against etcd %s: %d %s", res.Packages, plural(res.Packages, "package", "packages"), opts.Target, len(res.Errors), plural(len(res.Errors), "error", "errors")))
	if err := vet(res, opts.ModDir, pkgs); err != nil {
		return nil, fmt.Errorf("trial: %w", err)
	}
	if opts.Analyze != nil && len(res.Own) > 0 {
		if err := opts.Analyze(res.Own); err != nil {
			return nil, fmt.Errorf("trial: %w", err)
		}
	}
	res.GoMod, _ = os.ReadFile(modPath)
	res.GoSum, _ = os.ReadFile(sumPath)
	return res, nil
}

// vet runs, on the packages that type-check at the target, the vet
// analyzers whose verdict the bump can change, and keeps the diagnostics
// about etcd's types: a message copied by value once etcd's API types
// carry a lock (copylocks), not the module's own pre-existing ones.
func vet(res *Result, modDir string, pkgs []*packages.Package) error {
	var roots []*packages.Package
	for _, p := range pkgs {
		if p.Module != nil && p.Module.Main && !p.IllTyped && len(p.Errors) == 0 && len(p.Syntax) > 0 {
			roots = append(roots, p)
		}
	}
	if len(roots) == 0 {
		return nil
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{copylock.Analyzer}, roots, nil)
	if err != nil {
		return err
	}
	for _, act := range graph.Roots {
		for _, d := range act.Diagnostics {
			if !strings.Contains(d.Message, "go.etcd.io/") {
				continue
			}
			pos := act.Package.Fset.Position(d.Pos)
			if r, err := filepath.Rel(modDir, pos.Filename); err != nil || !filepath.IsLocal(r) {
				continue
			}
			res.Errors = append(res.Errors, Error{File: pos.Filename, Line: pos.Line, Column: pos.Column,
				Msg: act.Analyzer.Name + ": " + d.Message, Package: act.Package.PkgPath, Vet: true})
		}
	}
	slices.SortFunc(res.Errors, func(a, b Error) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		return cmp.Or(a.Line-b.Line, a.Column-b.Column)
	})
	return nil
}

// skip records why the trial cannot run, or the toolchain refusal.
func (res *Result) skip(ctx context.Context, target rules.Version, what, msg string) (*Result, error) {
	if ctx.Err() != nil {
		return nil, fmt.Errorf("trial: %w", ctx.Err())
	}
	if isToolchainError(msg) {
		res.Toolchain = msg
		return res, nil
	}
	res.Skipped = fmt.Sprintf("the etcd %s modules cannot be had: %s: %s", target, what, msg)
	return res, nil
}

// addRequires adds (or moves) the requirements "path@version" in the
// go.mod at modPath.
func addRequires(modPath string, reqs []string) error {
	data, err := os.ReadFile(modPath)
	if err != nil {
		return err
	}
	f, err := modfile.Parse(modPath, data, nil)
	if err != nil {
		return err
	}
	// The new requirements are direct ones (the code imports them): they
	// go in the block of direct requirements, as the go command puts
	// them, not at the end of the last (indirect) block.
	all := make([]*modfile.Require, 0, len(f.Require)+len(reqs))
	for _, r := range f.Require {
		all = append(all, &modfile.Require{Mod: r.Mod, Indirect: r.Indirect})
	}
	for _, r := range reqs {
		path, version, _ := strings.Cut(r, "@")
		all = slices.DeleteFunc(all, func(o *modfile.Require) bool { return o.Mod.Path == path })
		all = append(all, &modfile.Require{Mod: module.Version{Path: path, Version: version}})
	}
	f.SetRequireSeparateIndirect(all)
	f.Cleanup()
	out, err := f.Format()
	if err != nil {
		return err
	}
	return os.WriteFile(modPath, out, 0o600)
}

// buildList returns the module versions of the build list of the go.mod
// at modPath. Listing it with -mod=mod writes it back: the shared
// dependencies and the go line raised by minimal version selection, as
// `go get` does in a user's bump.
func buildList(ctx context.Context, dir string, env []string, modPath string) (map[string]string, error) {
	out, err := goCommand(ctx, dir, env, "list", "-mod=mod", "-modfile="+modPath, "-m", "-f", "{{.Path}} {{.Version}}", "all")
	if err != nil {
		return nil, errors.New(goError(out, err))
	}
	list := map[string]string{}
	for _, l := range strings.Split(string(out), "\n") {
		if path, version, ok := strings.Cut(strings.TrimSpace(l), " "); ok && version != "" {
			list[path] = version
		}
	}
	return list, nil
}

// goLine returns the go directive of a go.mod's content ("" when there is
// none or it does not parse).
func goLine(data []byte) string {
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil || f.Go == nil {
		return ""
	}
	return f.Go.Version
}

// readOrNil returns the file's content, nil when it cannot be read.
func readOrNil(path string) []byte {
	data, _ := os.ReadFile(path)
	return data
}

// pruningFrom reports whether a go directive of version v prunes the
// module graph (go 1.17 and later).
func pruningFrom(v string) bool {
	return v != "" && version.Compare("go"+v, "go1.17") >= 0
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// collect sorts the load's errors into the module's own compile errors
// and dependency errors.
func collect(res *Result, modDir string, pkgs []*packages.Package) {
	abs := func(file string) string {
		if !filepath.IsAbs(file) {
			return filepath.Join(modDir, file)
		}
		return file
	}
	own := func(file string) bool {
		r, err := filepath.Rel(modDir, file)
		return err == nil && filepath.IsLocal(r) && !strings.HasPrefix(filepath.ToSlash(r), "vendor/")
	}
	seen := map[string]bool{}
	checked := map[string]bool{}
	depSeen := map[string]int{}
	// A package no module of the build list provides is reported, as the
	// go command does, at the import lines of the module's own files.
	unprovided := map[string]bool{}
	// blocked are the module's packages with an import that does not
	// build: like go build, the trial reports no type error behind it.
	blocked := map[*packages.Package]bool{}
	// A test variant "p [p.test]" holds the type errors of p's own files
	// too (srcload checks p itself without bodies): those are blocked
	// only when p's own imports are, not by an import of the tests.
	plainOf := map[*packages.Package]*packages.Package{}
	plain := map[string]*packages.Package{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Module != nil && p.Module.Main && p.ForTest == "" {
			plain[p.PkgPath] = p
		}
	})
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Module == nil || !p.Module.Main {
			return
		}
		if p.ForTest == p.PkgPath && plain[p.PkgPath] != nil {
			plainOf[p] = plain[p.PkgPath]
		}
		for _, dep := range p.Imports {
			if len(dep.Errors) > 0 && (dep.Module == nil || !dep.Module.Main) {
				blocked[p] = true
			}
		}
		for _, f := range p.Syntax {
			for _, spec := range f.Imports {
				path, err := strconv.Unquote(spec.Path.Value)
				dep := p.Imports[path]
				if err != nil || dep == nil || dep.Module != nil || len(dep.Errors) == 0 || len(dep.GoFiles) > 0 {
					continue
				}
				pos := p.Fset.Position(spec.Pos())
				key := fmt.Sprintf("%s:%d:%d:%s", pos.Filename, pos.Line, pos.Column, path)
				if !seen[key] {
					seen[key] = true
					res.Errors = append(res.Errors, Error{File: pos.Filename, Line: pos.Line, Column: pos.Column, Msg: errorLine(dep.Errors[0].Msg), Package: p.PkgPath})
				}
				unprovided[path] = true
			}
		}
	})
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if unprovided[p.PkgPath] {
			return
		}
		main := p.Module != nil && p.Module.Main
		if main && len(p.Syntax) > 0 && !checked[p.PkgPath] {
			checked[p.PkgPath] = true
		}
		for _, e := range p.Errors {
			file, line, col, ok := SplitPos(e.Pos)
			file = abs(file)
			if main && !ok && strings.HasPrefix(e.Msg, "# ") {
				continue // the compiler's output for this package: its type errors are reported
			}
			if ok && own(file) && main {
				if e.Kind == packages.TypeError && blocked[p] {
					if q := plainOf[p]; q == nil || blocked[q] || !slices.Contains(q.CompiledGoFiles, file) {
						continue
					}
				}
				if e.Kind == packages.TypeError && strings.HasPrefix(e.Msg, "could not import ") {
					// The import's own failure is reported for it.
					if dep := p.Imports[importOf(e.Msg)]; dep != nil && len(dep.Errors) > 0 {
						continue
					}
				}
				key := fmt.Sprintf("%s:%d:%d:%s", file, line, col, e.Msg)
				if seen[key] {
					continue
				}
				seen[key] = true
				res.Errors = append(res.Errors, Error{File: file, Line: line, Column: col, Msg: e.Msg, Package: p.PkgPath})
				continue
			}
			if strings.HasPrefix(e.Msg, "# ") && !strings.Contains(strings.TrimSpace(e.Msg), "\n") {
				continue
			}
			mod := ""
			if p.Module != nil && !p.Module.Main {
				mod = p.Module.Path
			}
			msg := errorLine(e.Msg)
			if strings.Contains(e.Msg, "ambiguous import") {
				msg = strings.Join(strings.Fields(e.Msg), " ")
			}
			if !main || !ok {
				// One finding per failing package: its first error.
				if i, seen := depSeen[p.PkgPath]; seen {
					res.DepErrors[i].more++
					continue
				}
				depSeen[p.PkgPath] = len(res.DepErrors)
			}
			res.DepErrors = append(res.DepErrors, DepError{Package: p.PkgPath, Module: mod, Msg: msg})
		}
	})
	res.Packages = len(checked)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Module != nil && p.Module.Main && p.Types != nil && len(p.Syntax) > 0 {
			res.Own = append(res.Own, p)
		}
	})
	for p := range blocked {
		res.Blocked = append(res.Blocked, p.PkgPath)
	}
	slices.Sort(res.Blocked)
	res.Blocked = slices.Compact(res.Blocked)
	for i := range res.DepErrors {
		if n := res.DepErrors[i].more; n > 0 {
			res.DepErrors[i].Msg += fmt.Sprintf(" (and %d more errors)", n)
		}
	}
	slices.SortFunc(res.Errors, func(a, b Error) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
}

func importOf(msg string) string {
	rest := strings.TrimPrefix(msg, "could not import ")
	path, _, _ := strings.Cut(rest, " ")
	return path
}

// isEtcdModule reports whether a module path is one of etcd's, under any
// module path etcd has used (raft included).
func isEtcdModule(path string) bool {
	return within(path, "github.com/coreos/etcd") || within(path, "go.etcd.io/etcd") || within(path, "go.etcd.io/raft/v3")
}

// releaseModule returns the module of etcd's repository that the import
// path lies in when it is one of the modules tagged with each release
// from 3.5 (go.etcd.io/etcd/<name>/v3, as etcdutl/v3), else "".
func releaseModule(imp string) string {
	rest, ok := strings.CutPrefix(imp, "go.etcd.io/etcd/")
	if !ok {
		return ""
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 || parts[1] != "v3" {
		return ""
	}
	return "go.etcd.io/etcd/" + parts[0] + "/v3"
}

// within reports whether path is prefix or lies under it.
func within(path, prefix string) bool {
	return strings.HasPrefix(path, prefix) && (len(path) == len(prefix) || path[len(prefix)] == '/')
}

// maxSource bounds one Go file read for its imports.
const maxSource = 64 << 20

// etcdImports returns the etcd import paths of the module's Go files
// below dir (the overlay's content where it has the file), sorted and
// each once.
func etcdImports(dir string, overlay map[string][]byte) ([]string, error) {
	set := map[string]bool{}
	err := modtree.Imports(dir, overlay, maxSource, func(f modtree.File) error {
		for _, imp := range f.Syntax.Imports {
			if p, err := strconv.Unquote(imp.Path.Value); err == nil && isEtcdModule(p) {
				set[p] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out, nil
}

// requirements returns the module@version queries that provide the
// import paths at target: for each path, the longest module path of the
// catalog's import table that is current at target and contains it.
func requirements(cat *rules.Catalog, target rules.Version, imports []string) []string {
	type mod struct {
		path, version string
		since         rules.Version
	}
	var mods []mod
	moves := cat.Imports()
	for _, m := range moves {
		since, err := rules.ParseVersion(m.Since)
		if err != nil || m.Module == "" || target.MinorLine().Less(since.MinorLine()) {
			continue
		}
		if slices.ContainsFunc(mods, func(x mod) bool { return x.path == m.Module }) {
			continue
		}
		mods = append(mods, mod{m.Module, cat.ModuleQuery(m, target), since})
	}
	// A module is obsolete at target when a later move (at or before
	// target) takes packages out of it into another module.
	current := mods[:0]
	for _, m := range mods {
		obsolete := false
		for _, mv := range moves {
			since, err := rules.ParseVersion(mv.Since)
			if err != nil || target.MinorLine().Less(since.MinorLine()) || !m.since.Less(since) {
				continue
			}
			if within(mv.Old, m.path) && mv.Module != "" && mv.Module != m.path {
				obsolete = true
				break
			}
		}
		if !obsolete {
			current = append(current, m)
		}
	}
	set := map[string]bool{}
	for _, imp := range imports {
		if within(imp, "github.com/coreos/etcd") {
			// Before 3.4 etcd had no go.mod: the proxy serves its tags
			// as +incompatible versions of this path.
			set["github.com/coreos/etcd@v"+target.String()+"+incompatible"] = true
			continue
		}
		best := -1
		for i, m := range current {
			if within(imp, m.path) && (best < 0 || len(m.path) > len(current[best].path)) {
				best = i
			}
		}
		if best >= 0 {
			set[current[best].path+"@"+current[best].version] = true
		} else if mod := releaseModule(imp); mod != "" && !target.Less(rules.MustParseVersion("3.5.0")) {
			// A module of etcd's repository no move names (etcdutl/v3):
			// from 3.5 each is tagged with the release, and dropping it
			// without requiring it at the target would let the go
			// command take its latest version, and with it the latest
			// etcd.
			set[mod+"@v"+target.String()] = true
		}
	}
	out := make([]string, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// goCommand runs the go command in dir and returns its combined output.
func goCommand(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	return out.Bytes(), err
}

// goError returns the meaningful lines of a failed go command's output.
func goError(out []byte, err error) string {
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "go: downloading ") || strings.HasPrefix(l, "go: finding ") {
			continue
		}
		lines = append(lines, strings.TrimPrefix(l, "go: "))
	}
	if len(lines) == 0 {
		return err.Error()
	}
	if len(lines) > 3 {
		lines = append(lines[:3], fmt.Sprintf("(%d more lines)", len(lines)-3))
	}
	return redact(strings.Join(lines, "; "))
}

// userinfo matches the password of a URL's userinfo (a GOPROXY with
// credentials), which must never reach a report.
var userinfo = regexp.MustCompile(`(://[^/@\s:]*):[^/@\s]*@`)

// redact hides URL passwords in go command messages.
func redact(s string) string {
	return userinfo.ReplaceAllString(s, "${1}:xxxxx@")
}

// isToolchainError reports whether the go command refused a module
// because its go directive is newer than the running toolchain.
func isToolchainError(msg string) bool {
	return strings.Contains(msg, "requires go >=") && strings.Contains(msg, "running go")
}

// errorLine is the first line of an error that is not a "# package"
// header of compiler output.
func errorLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "# ") {
			return l
		}
	}
	return firstLine(s)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// SplitPos splits a go command or go/packages error position
// ("file:line:col" or "file:line"); col is 0 when absent.
func SplitPos(pos string) (file string, line, col int, ok bool) {
	rest, n, ok := cutNumber(pos)
	if !ok {
		return "", 0, 0, false
	}
	if f, l, ok := cutNumber(rest); ok {
		return f, l, n, true
	}
	return rest, n, 0, true
}

func cutNumber(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, ':')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return s[:i], n, true
}
