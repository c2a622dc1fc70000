package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/etcdlint/etcdlint/internal/settings"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// finish applies the project config to a report, renders it to every
// sink and returns the error that carries the run's exit code.
func finish(env *Env, c *common, s *setup, rep *report.Report) error {
	if rep.Target == "" {
		rep.Target = s.target.String()
	}
	if rep.From == "" && !s.from.IsZero() {
		rep.From, rep.FromSource = s.from.String(), s.fromSource
	}
	kept := rep.Findings[:0]
	for _, f := range rep.Findings {
		if !s.selected(c, f.Rule) || s.settings.Excluded(f.Location.File, env.Dir) {
			continue
		}
		if r := s.cat.Rule(f.Rule); r != nil {
			if f.Severity == 0 {
				f.Severity = r.Severity
			}
			if f.Source == "" {
				f.Source = r.Source
			}
		}
		f.Severity = s.settings.Severity(f.Rule, f.Severity)
		kept = append(kept, f)
	}
	rep.Findings = kept
	rep.Sort()
	if c.pathPrefix != "" {
		prefixPaths(rep, c.pathPrefix)
	}

	sinks, err := c.sinks.resolved()
	if err != nil {
		return err
	}
	for _, sk := range sinks {
		if err := render(env, c, sk, s, rep); err != nil {
			return err
		}
	}
	return verdict(rep, s.failOn)
}

func render(env *Env, c *common, sk sink, s *setup, rep *report.Report) error {
	opts := report.RenderOptions{Catalog: s.cat, WorkDir: env.Dir, ToolVersion: env.Version}
	if c.pathPrefix != "" {
		// Paths now start at the directory the prefix is relative to:
		// the work directory minus the prefix when it ends with it, else
		// unknown (SARIF URIs are then left relative, for the consumer
		// to resolve against its checkout).
		opts.WorkDir = ""
		p := filepath.Clean(c.pathPrefix)
		if base, ok := strings.CutSuffix(env.Dir, string(filepath.Separator)+p); ok && !filepath.IsAbs(p) {
			opts.WorkDir = base
		}
	}
	if sk.path == "" || sk.path == "-" {
		if f, ok := env.Stdout.(*os.File); ok {
			opts.Color = report.ColorEnabled(f, env.Getenv)
		}
		w := bufio.NewWriter(env.Stdout)
		if err := report.Render(w, rep, sk.format, opts); err != nil {
			return fmt.Errorf("rendering %s: %w", sk.format, err)
		}
		return w.Flush()
	}
	p := sk.path
	if !filepath.IsAbs(p) {
		p = filepath.Join(env.Dir, p)
	}
	f, err := os.Create(p)
	if err != nil {
		return fmt.Errorf("writing %s report: %w", sk.format, err)
	}
	w := bufio.NewWriter(f)
	err = report.Render(w, rep, sk.format, opts)
	err = errors.Join(err, w.Flush(), f.Close())
	if err != nil {
		return fmt.Errorf("writing %s report to %s: %w", sk.format, sk.path, err)
	}
	return nil
}

// verdict maps a finished report to the exit-code contract, the same for
// every subcommand: 3 when nothing was analysed (no input matched, every
// input failed, no package imports etcd) or every live target was
// unreachable, each with a one-line reason; 1 for findings at or above
// failOn; 2 when some input could not be analysed; else 0.
func verdict(rep *report.Report, failOn rules.Severity) error {
	if reason := nothingAnalysed(rep); reason != "" {
		return &exitError{code: ExitNothing, err: errors.New(reason)}
	}
	if failOn != 0 && rep.Worst() >= failOn {
		return &exitError{code: ExitFindings}
	}
	if n := len(rep.Problems) - countSkipped(rep); n > 0 {
		return &exitError{code: ExitUsage, err: fmt.Errorf("%s could not be fully analysed (see the report)", plural(n, "input", "inputs"))}
	}
	return nil
}

// nothingAnalysed returns why nothing was analysed, or "" when something
// was.
func nothingAnalysed(rep *report.Report) string {
	first := func() string {
		p := rep.Problems[0]
		where := p.Input
		if p.Line > 0 {
			where = fmt.Sprintf("%s:%d", p.Input, p.Line)
		}
		msg := where + ": " + p.Message
		if n := len(rep.Problems); n > 1 {
			msg += fmt.Sprintf(" (and %d more)", n-1)
		}
		return msg
	}
	if liveUnreachable(rep) {
		return "nothing was analysed: no live target could be reached: " + first()
	}
	if len(rep.Inputs) == 0 {
		if len(rep.Problems) > 0 {
			return "nothing was analysed: " + first()
		}
		return "nothing was analysed: no package, config file, endpoint or data dir matched"
	}
	if len(rep.Findings) > 0 {
		return ""
	}
	failed := map[string]bool{}
	for _, p := range rep.Problems {
		if !p.Skipped {
			failed[p.Input] = true
		}
	}
	for _, in := range rep.Inputs {
		if !failed[in.Name] {
			return ""
		}
	}
	return "nothing was analysed: " + first()
}

// countSkipped is the number of problems that only say an optional check
// was skipped: reported, but not failing the run on their own.
func countSkipped(rep *report.Report) int {
	n := 0
	for _, p := range rep.Problems {
		if p.Skipped {
			n++
		}
	}
	return n
}

// liveUnreachable reports whether the run had live targets and reached
// none of them.
func liveUnreachable(rep *report.Report) bool {
	down := map[string]bool{}
	for _, p := range rep.Problems {
		if p.Unreachable {
			down[p.Input] = true
		}
	}
	if len(down) == 0 {
		return false
	}
	for _, in := range rep.Inputs {
		if in.Detector == rules.DetectProbe && !down[in.Name] {
			return false
		}
	}
	return true
}

// writeTo writes text produced by fn to path (standard output for "" or
// "-"), for commands whose output is not a findings report.
func writeTo(env *Env, path string, fn func(io.Writer) error) error {
	if path == "" || path == "-" {
		w := bufio.NewWriter(env.Stdout)
		if err := fn(w); err != nil {
			return err
		}
		return w.Flush()
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(env.Dir, path)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	w := bufio.NewWriter(f)
	return errors.Join(fn(w), w.Flush(), f.Close())
}

// prefixPaths prepends prefix to every relative file path of a report.
func prefixPaths(rep *report.Report, prefix string) {
	prefix = filepath.Clean(prefix)
	add := func(p string) string {
		if p == "" || filepath.IsAbs(p) || strings.Contains(p, "://") {
			return p
		}
		return filepath.Join(prefix, p)
	}
	for i := range rep.Findings {
		l := &rep.Findings[i].Location
		l.File, l.Path = add(l.File), add(l.Path)
		if fx := rep.Findings[i].Fix; fx != nil {
			for j := range fx.Edits {
				fx.Edits[j].File = add(fx.Edits[j].File)
			}
		}
	}
	for i := range rep.Inputs {
		if rep.Inputs[i].Kind != "package" && rep.Inputs[i].Kind != "endpoint" {
			rep.Inputs[i].Name = add(rep.Inputs[i].Name)
		}
		rep.Inputs[i].Dir = add(rep.Inputs[i].Dir)
	}
	for i := range rep.Problems {
		rep.Problems[i].Input = add(rep.Problems[i].Input)
	}
}

// selected reports whether a rule is reported: --enable replaces the
// project config's rules.enable; --disable adds to its rules.disable.
func (s *setup) selected(c *common, id string) bool {
	enable, disable := c.enable, c.disable
	if s.settings != nil {
		if len(enable) == 0 {
			enable = s.settings.Rules.Enable
		}
		disable = append(append([]string(nil), s.settings.Rules.Disable...), disable...)
	}
	return settings.Selected(id, enable, disable)
}
