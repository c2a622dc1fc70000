package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/etcdlint/etcdlint/internal/codecheck"
	"github.com/etcdlint/etcdlint/internal/safeio"
	"github.com/etcdlint/etcdlint/internal/settings"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

const codeExample = `  etcdlint code                         # the module in the working directory
  etcdlint code -C services/api ./...   # as if run in services/api
  etcdlint code --diff                  # the fixes as a unified diff (exit 1 when there is one)
  etcdlint code --fix                   # apply them, then report what remains`

func runCode(ctx context.Context, env *Env, args []string) error {
	var c common
	var f codeFlags
	fs := newFlagSet(env, "code", "code [flags] [packages]  (default ./...)", codeExample)
	c.register(fs)
	f.register(fs, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if f.dir != "" {
		// -C DIR: everything behaves as if etcdlint was started in DIR,
		// as with go -C: the project config, the patterns, --output
		// files and every reported path.
		dir := f.dir
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(env.Dir, dir)
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return usageErrorf("-C %s: not a directory", f.dir)
		}
		sub := *env
		sub.Dir = filepath.Clean(dir)
		env, f.dir = &sub, ""
	}
	if f.fix && f.diff {
		return usageErrorf("--fix and --diff exclude each other: --diff shows what --fix would write")
	}
	if err := c.diffNeedsText(f.diff); err != nil {
		return err
	}
	s, err := prepare(env, &c)
	if err != nil {
		return err
	}
	f.from, f.fromFlag = c.from, "--from"
	res, err := runCodeEngine(ctx, env, s, &f, fs.Args())
	if err != nil {
		return err
	}
	switch {
	case f.diff:
		return printDiff(env, &c, s, res.Report, res.Diff)
	case f.fix:
		if fx := res.Fixed; fx != nil {
			// The closing line says what the trial of the fixed tree
			// found; each remaining compile error follows it.
			fmt.Fprintf(env.Stderr, "etcdlint code: %s\n", fx.Line())
			for _, e := range fx.Remaining {
				fmt.Fprintf(env.Stderr, "\t%s:%d:%d: %s\n", e.File, e.Line, e.Column, e.Message)
			}
		} else {
			fmt.Fprintf(env.Stderr, "etcdlint code: applied %s in %s\n", plural(res.FixesApplied, "fix", "fixes"), plural(res.FilesFixed, "file", "files"))
		}
		if res.FixesApplied > 0 && res.Report.From != "" && (s.settings == nil || s.settings.From == "") {
			file, err := recordFrom(env, s, res.Report.From)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stderr, "etcdlint code: recorded from = %q in %s (the fixed imports no longer show it)\n", res.Report.From, file)
			if s.settings, err = settings.Load(filepath.Join(env.Dir, file), s.cat); err != nil {
				return err
			}
		}
		if res.FixesApplied > 0 {
			// What remains is what the fixed code still breaks; the
			// from found before the fix still holds (the rewritten
			// imports no longer show it).
			again := f
			again.fix = false
			var notApplied []report.Problem
			var after *codecheck.Result
			if res.Fixed != nil {
				notApplied, after = res.Fixed.Problems, res.Fixed.After
			}
			if after != nil {
				// The fix analysed the written tree with its trial
				// already: one trial of the fixed tree, not two.
				_, source := codeFrom(s, again.from)
				codeFacts(&again, source, after)
				relativize(env, after.Report)
				res = after
			} else if res, err = runCodeEngine(ctx, env, s, &again, fs.Args()); err != nil {
				return err
			}
			// The fixes not applied or not written are not in the
			// fixed tree's analysis: keep them in the report.
			res.Report.Problems = append(res.Report.Problems, notApplied...)
		}
	}
	return finish(env, &c, s, res.Report)
}

// codeFrom is the from the code part is given, and its source: the
// oldest of the flag and the version recorded in the project config. The
// analyzers then take the oldest of it and the code's own evidence
// (go.mod, import paths).
func codeFrom(s *setup, flag string) (rules.Version, string) {
	var from rules.Version
	source := ""
	if flag != "" {
		from, source = mustVersion(flag), "flag"
	}
	if s.settings != nil && s.settings.From != "" {
		if v, err := rules.ParseVersion(s.settings.From); err == nil && (from.IsZero() || v.Less(from)) {
			from, source = v, "config"
		}
	}
	return from, source
}

// codeFacts turns a finished code run into the code part's report: the
// source of its from named for what it is, a notice when a given from was
// newer than the code's evidence, and no inputs when no package imports
// etcd (there was nothing for the rules to look at).
func codeFacts(f *codeFlags, source string, res *codecheck.Result) {
	rep := res.Report
	if rep.FromSource == "flag" && source != "" {
		rep.FromSource = source
	}
	if f.from != "" && rep.From != "" {
		if got, err := rules.ParseVersion(rep.From); err == nil && got.Less(mustVersion(f.from)) {
			why := rep.FromSource
			switch rep.FromSource {
			case "go.mod":
				why = "go.mod requires " + rep.From
				for _, fact := range rep.Facts {
					if fact.Name == "etcd_requirement" {
						why = "go.mod requires " + fact.Value
						break
					}
				}
			case "imports":
				why = "the import paths date from etcd " + rep.From
			case "config":
				why = ".etcdlint.toml records from = " + rep.From
			}
			rep.Notices = append(rep.Notices, fmt.Sprintf("%s %s ignored for code: %s; the code is checked from %s", f.fromFlag, f.from, why, rep.From))
		}
	}
	if !res.ImportsEtcd && len(rep.Findings) == 0 && len(rep.Inputs) > 0 {
		n := len(rep.Inputs)
		rep.Problems = append(rep.Problems, report.Problem{
			Input:    ".",
			Message:  fmt.Sprintf("no package imports etcd (%s loaded)", plural(n, "package", "packages")),
			Detector: rules.DetectCode,
		})
		rep.Inputs = nil
	}
}

func mustVersion(s string) rules.Version {
	v, _ := rules.ParseVersion(s)
	return v
}

// printDiff prints the diff of the suggested fixes and exits 1 when there
// is one, as go fix -diff does; with nothing to change it prints the report
// so the run still says what it analysed.
func printDiff(env *Env, c *common, s *setup, rep *report.Report, diff string) error {
	if diff == "" {
		return finish(env, c, s, rep)
	}
	if _, err := fmt.Fprint(env.Stdout, relativeDiff(env, diff)); err != nil {
		return fmt.Errorf("writing diff: %w", err)
	}
	return &exitError{code: ExitFindings}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// relativeDiff rewrites the file headers of a unified diff that name an
// absolute path below the working directory to a/REL and b/REL, so the
// diff applies with git apply or patch -p1 from there.
func relativeDiff(env *Env, diff string) string {
	lines := strings.SplitAfter(diff, "\n")
	header := func(l, minus string) (string, bool) {
		rest, ok := strings.CutPrefix(l, minus)
		if !ok {
			return "", false
		}
		name := strings.TrimSuffix(rest, "\n")
		name = strings.TrimPrefix(strings.TrimPrefix(name, "a/"), "b/")
		if !filepath.IsAbs(name) {
			return "", false
		}
		r, err := filepath.Rel(env.Dir, name)
		if err != nil || !filepath.IsLocal(r) {
			return "", false
		}
		return filepath.ToSlash(r), true
	}
	for i := 0; i+1 < len(lines); i++ {
		a, okA := header(lines[i], "--- ")
		b, okB := header(lines[i+1], "+++ ")
		if okA && okB {
			lines[i], lines[i+1] = "--- a/"+a+"\n", "+++ b/"+b+"\n"
			i++
		}
	}
	return strings.Join(lines, "")
}

// maxProjectConfig bounds the project config recordFrom reads.
const maxProjectConfig = 1 << 20

// recordFrom writes from = VERSION into the project config (creating
// .etcdlint.toml in the working directory when there is none), so that
// runs after --fix still check the code from where it started. It refuses
// to write through a symbolic link.
func recordFrom(env *Env, s *setup, from string) (string, error) {
	path := filepath.Join(env.Dir, settings.FileName)
	if s.settings != nil && s.settings.Path != "" {
		path = s.settings.Path
	}
	line := fmt.Sprintf("from = %q # recorded by etcdlint code --fix: where the code started\n", from)
	// Top-level keys come before any table, so the line goes first. The
	// write goes through the one safe writer: never through a symlink,
	// never outside the config's directory.
	old, err := safeio.ReadFile(path, maxProjectConfig)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("recording from: %w", err)
	}
	if err := safeio.WriteFile(filepath.Dir(path), path, append([]byte(line), old...)); err != nil {
		return "", fmt.Errorf("recording from: %w", err)
	}
	if r, err := filepath.Rel(env.Dir, path); err == nil && filepath.IsLocal(r) {
		return r, nil
	}
	return path, nil
}
