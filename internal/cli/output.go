package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

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
		if s.settings.Disabled(f.Rule) || s.settings.Excluded(f.Location.File, env.Dir) {
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

	sinks, err := c.sinks.resolved()
	if err != nil {
		return err
	}
	for _, sk := range sinks {
		if err := render(env, sk, s, rep); err != nil {
			return err
		}
	}
	return verdict(rep, s.failOn)
}

func render(env *Env, sk sink, s *setup, rep *report.Report) error {
	opts := report.RenderOptions{Catalog: s.cat, WorkDir: env.Dir, ToolVersion: env.Version}
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

// verdict maps a finished report to the exit-code contract: 3 when nothing
// was analysed or every live target was unreachable, 1 for findings at or
// above failOn, 2 when some input could not be analysed, else 0.
func verdict(rep *report.Report, failOn rules.Severity) error {
	if len(rep.Inputs) == 0 && len(rep.Problems) > 0 && !rep.Unreachable() {
		p := rep.Problems[0]
		where := p.Input
		if p.Line > 0 {
			where = fmt.Sprintf("%s:%d", p.Input, p.Line)
		}
		return &exitError{code: ExitUsage, err: fmt.Errorf("nothing could be analysed: %s: %s", where, p.Message)}
	}
	if len(rep.Inputs) == 0 {
		return &exitError{code: ExitNothing, err: errors.New("nothing was analysed: no package, config file, endpoint or data dir matched")}
	}
	if liveUnreachable(rep) {
		return &exitError{code: ExitNothing, err: errors.New("no live target could be reached (see the problems in the report)")}
	}
	if failOn != 0 && rep.Worst() >= failOn {
		return &exitError{code: ExitFindings}
	}
	if n := len(rep.Problems) - countSkipped(rep); n > 0 {
		return &exitError{code: ExitUsage, err: fmt.Errorf("%d input(s) could not be fully analysed (see the report)", n)}
	}
	return nil
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
