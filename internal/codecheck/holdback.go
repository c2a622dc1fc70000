package codecheck

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"

	"golang.org/x/tools/go/packages"

	"github.com/etcdlint/etcdlint/internal/srcload"
	"github.com/etcdlint/etcdlint/report"
)

// maxJudged bounds the fixes holdBack tries one at a time; beyond it
// every fix in a file that gets worse is held back.
const maxJudged = 32

// holdBack is the judge of the fixes of a --fix (or --diff) run in
// which the trial did not move go.mod (it was off, or the target modules
// could not be had): go.mod stays where it is, so a fix that compiles only against
// the target (an import path of a module go.mod does not require yet,
// an API the old release lacks) would leave a tree that no longer
// builds. It type-checks the fixed files against the modules go.mod
// requires now; in each file that gets worse it tries each fix alone
// and holds back those that make it worse, then checks the rest
// together once more. before is the static pass's load, without the
// fixes. It returns the files to write and one problem per fix held
// back.
func holdBack(ctx context.Context, opts Options, findings []report.Finding, pkgOf map[string]*packages.Package, before []*packages.Package, why string) (fixedFiles, []report.Problem, error) {
	base := errorsPerFile(opts.Dir, before)
	judge := func(fixed fixedFiles, one bool) (map[string]bool, error) {
		worse, err := worseFiles(ctx, opts, fixed, base, one)
		if err != nil {
			return nil, fmt.Errorf("checking the fixes against the modules go.mod requires now: %w", err)
		}
		return worse, nil
	}
	var withFix []report.Finding
	for _, f := range findings {
		if f.Fix != nil && len(f.Fix.Edits) > 0 {
			withFix = append(withFix, f)
		}
	}
	all, _ := applyFixes(opts.Dir, withFix, pkgOf)
	worse, err := judge(all, false)
	if err != nil || len(worse) == 0 {
		return all, nil, err
	}
	touches := func(f report.Finding, files map[string]bool) bool {
		return slices.ContainsFunc(f.Fix.Edits, func(e report.Edit) bool { return files[e.File] })
	}
	held := map[int]bool{}
	var suspects []int
	for i, f := range withFix {
		if touches(f, worse) {
			suspects = append(suspects, i)
		}
	}
	if len(suspects) > maxJudged {
		for _, i := range suspects {
			held[i] = true
		}
	} else {
		for _, i := range suspects {
			alone, _ := applyFixes(opts.Dir, withFix[i:i+1], pkgOf)
			w, err := judge(alone, true)
			if err != nil {
				return nil, nil, err
			}
			held[i] = len(w) > 0
		}
	}
	kept := func() []report.Finding {
		var out []report.Finding
		for i, f := range withFix {
			if !held[i] {
				out = append(out, f)
			}
		}
		return out
	}
	fixed, _ := applyFixes(opts.Dir, kept(), pkgOf)
	if worse, err = judge(fixed, false); err != nil {
		return nil, nil, err
	}
	if len(worse) > 0 {
		// The fixes kept break a file together: none of that file's go.
		for i, f := range withFix {
			if !held[i] && touches(f, worse) {
				held[i] = true
			}
		}
		fixed, _ = applyFixes(opts.Dir, kept(), pkgOf)
	}
	var problems []report.Problem
	for i, f := range withFix {
		if held[i] {
			problems = append(problems, fixProblem(f, f.Fix.Edits[0], "held back: "+why+", so go.mod stays where it is, and with this fix the file does not compile against the modules it requires; run --fix again where the trial can move go.mod to the target"))
		}
	}
	return fixed, problems, nil
}

// worseFiles type-checks the module with the fixed Go files against the
// modules go.mod requires and returns the fixed files that have more
// errors than base counts. With own, only the packages of the fixed
// files are loaded (a fix tried alone: its file is what it can break).
func worseFiles(ctx context.Context, opts Options, fixed fixedFiles, base map[string]int, own bool) (map[string]bool, error) {
	overlay := map[string][]byte{}
	var patterns []string
	for file, ch := range fixed {
		if filepath.Ext(file) == ".go" {
			abs := filepath.Join(opts.Dir, filepath.FromSlash(file))
			overlay[abs] = ch.after
			patterns = append(patterns, "file="+abs)
		}
	}
	if len(overlay) == 0 {
		return nil, nil
	}
	if !own {
		patterns = workspacePatterns(opts.Dir, opts.Patterns)
	}
	cfg := &packages.Config{Context: ctx, Mode: loadMode, Dir: opts.Dir, Env: opts.Env, Tests: opts.Tests, Overlay: overlay}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	srcload.TypeCheck(ctx, pkgs, overlay)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	after := errorsPerFile(opts.Dir, pkgs)
	worse := map[string]bool{}
	for file := range fixed {
		if after[file] > base[file] {
			worse[file] = true
		}
	}
	return worse, nil
}

// errorsPerFile counts the errors of the packages (and their
// dependencies) by file, relative to dir.
func errorsPerFile(dir string, pkgs []*packages.Package) map[string]int {
	out := map[string]int{}
	seen := map[string]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			key := e.Pos + "\x00" + e.Msg
			if seen[key] {
				continue // a package and its test variant
			}
			seen[key] = true
			if file, _, ok := splitPos(e.Pos); ok {
				out[relPath(dir, file)]++
			}
		}
	})
	return out
}
