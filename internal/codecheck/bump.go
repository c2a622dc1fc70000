package codecheck

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/etcdlint/etcdlint/report"
)

// FixSummary is what --fix did.
type FixSummary struct {
	// Fixes is the number of fixes applied; Files the number of files
	// written (go.mod and go.sum included).
	Fixes, Files int
	// Bumped is true when go.mod and go.sum were moved to the target.
	Bumped bool
	// Remaining are the compile errors of the fixed module against the
	// target (the trial run again on the written tree).
	Remaining []TrialError
	// Checked is false when the fixed tree could not be trial-checked.
	Checked bool
	// Held is the number of fixes held back because they compile only
	// against the target and go.mod was not moved (see holdBack).
	Held int
	// Problems are the fixes not applied or not written, each with why.
	// A later analysis of the fixed tree no longer sees them: the
	// command line carries them into its report.
	Problems []report.Problem
	// After is the analysis of the written tree, with its trial, from
	// the version the code started at; nil when go.mod was not moved
	// (the caller then analyses the fixed tree itself).
	After *Result
}

// Line is the closing line of a --fix run.
func (s *FixSummary) Line() string {
	line := fmt.Sprintf("applied %d %s in %d %s", s.Fixes, plural(s.Fixes, "fix", "fixes"), s.Files, plural(s.Files, "file", "files"))
	switch {
	case !s.Bumped && s.Held > 0:
		line += fmt.Sprintf("; go.mod not moved (the trial type-check did not run): %d %s that compile only against the target held back, so the tree builds as before", s.Held, plural(s.Held, "fix", "fixes"))
	case !s.Bumped:
		line += "; go.mod not moved (the trial type-check did not run), the tree may not build until it is"
	case !s.Checked:
		line += "; the fixed tree could not be trial-checked"
	default:
		line += fmt.Sprintf("; %d compile %s remain", len(s.Remaining), plural(len(s.Remaining), "error", "errors"))
	}
	return line
}

// moduleFiles returns the go.mod and go.sum changes of a trial that ran
// for every module: the files the go command wrote in the scratch build
// configuration.
func moduleFiles(dir string, sum *TrialSummary) fixedFiles {
	out := fixedFiles{}
	if sum == nil || len(sum.Skipped) > 0 {
		return out
	}
	for root, mod := range sum.GoMod {
		for name, after := range map[string][]byte{"go.mod": mod, "go.sum": sum.GoSum[root]} {
			if len(after) == 0 {
				continue
			}
			path := filepath.Join(root, name)
			if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
				continue // never written through a link
			}
			before, err := os.ReadFile(path)
			if err != nil && !os.IsNotExist(err) {
				continue
			}
			if !bytes.Equal(before, after) {
				out[relPath(dir, path)] = &fileChange{before: before, after: after}
			}
		}
	}
	return out
}

// finishBump analyses the written tree, with its one trial, from where
// the code started (the fixed imports no longer show it); the analysis
// is kept as the fix's After, so that the caller does not run another.
// Where the code came from is recorded by the caller (the command line
// knows the project config).
func finishBump(ctx context.Context, opts Options, rep *report.Report, res *Result) error {
	res.Fixed.Bumped = true
	again := opts
	again.Fix, again.Diff = false, false
	if again.From == "" {
		again.From = rep.From
	}
	if opts.beforeRecheck != nil {
		opts.beforeRecheck()
	}
	check, err := Run(ctx, again)
	if err != nil {
		return fmt.Errorf("trial-checking the fixed tree: %w", err)
	}
	res.Fixed.After = check
	if check.Trial != nil && len(check.Trial.Skipped) == 0 {
		res.Fixed.Checked = true
		res.Fixed.Remaining = check.Trial.Errors
	}
	return nil
}
