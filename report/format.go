package report

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/term"

	"github.com/etcdlint/etcdlint/rules"
)

// A Format is an output format of a report.
type Format string

// The output formats.
const (
	// FormatText is the human-readable form: file:line:col: RULE: message.
	FormatText Format = "text"
	// FormatJSON is the versioned JSON document described by [JSONSchema].
	FormatJSON Format = "json"
	// FormatSARIF is SARIF 2.1.0, as GitHub code scanning accepts it.
	FormatSARIF Format = "sarif"
	// FormatJUnit is JUnit XML, one test suite per detector.
	FormatJUnit Format = "junit"
	// FormatGitHub is GitHub Actions workflow commands (annotations).
	FormatGitHub Format = "github"
	// FormatMarkdown is a summary for a pull-request comment or a job
	// summary.
	FormatMarkdown Format = "markdown"
)

// Formats returns every output format, in the order help text lists them.
func Formats() []Format {
	return []Format{FormatText, FormatJSON, FormatSARIF, FormatJUnit, FormatGitHub, FormatMarkdown}
}

// ParseFormat parses a format name. Names are case-insensitive; "md" is
// accepted for markdown.
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	if name == "md" {
		name = string(FormatMarkdown)
	}
	for _, f := range Formats() {
		if string(f) == name {
			return f, nil
		}
	}
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown format %q: want one of %s", s, strings.Join(names, ", "))
}

// RenderOptions control rendering.
type RenderOptions struct {
	// Color enables ANSI colour in the text format; the caller decides
	// (see [ColorEnabled]). Other formats ignore it.
	Color bool
	// Catalog supplies rule metadata: titles, documentation links and
	// default severities. It may be nil; renderers then use rule IDs only.
	Catalog *rules.Catalog
	// WorkDir, if set, is the directory file paths are made relative to
	// (and SARIF URIs are resolved against).
	WorkDir string
	// ToolVersion is etcdlint's version, recorded by the machine-readable
	// formats ("devel" when empty).
	ToolVersion string
}

// ToolName is the name renderers record as the producing tool.
const ToolName = "etcdlint"

// ToolURI is the tool's home page, recorded by SARIF.
const ToolURI = "https://github.com/etcdlint/etcdlint"

// Render writes r to w in format f. It does not modify r; findings are
// printed in [Report.Sort] order whether or not r was sorted, and the
// output depends only on r and opts.
func Render(w io.Writer, r *Report, f Format, opts RenderOptions) error {
	if r == nil {
		return fmt.Errorf("rendering %s: nil report", f)
	}
	var render func(io.Writer, *view) error
	switch f {
	case FormatText:
		render = renderText
	case FormatJSON:
		render = renderJSON
	case FormatSARIF:
		render = renderSARIF
	case FormatJUnit:
		render = renderJUnit
	case FormatGitHub:
		render = renderGitHub
	case FormatMarkdown:
		render = renderMarkdown
	default:
		_, err := ParseFormat(string(f))
		return err
	}
	if err := render(w, newView(r, opts)); err != nil {
		return fmt.Errorf("rendering %s: %w", f, err)
	}
	return nil
}

// ColorEnabled reports whether text written to f may be coloured: f must
// be a terminal and the NO_COLOR environment variable (looked up with
// getenv) must be unset or empty (https://no-color.org). TERM=dumb also
// turns colour off.
func ColorEnabled(f *os.File, getenv func(string) string) bool {
	if f == nil {
		return false
	}
	if getenv != nil && (getenv("NO_COLOR") != "" || getenv("TERM") == "dumb") {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// A view is the report as renderers see it: sorted copies with paths made
// relative to the work directory and severities resolved. Building it
// never modifies the report.
type view struct {
	r        *Report
	opts     RenderOptions
	findings []Finding
	inputs   []Input
	problems []Problem
	facts    []Fact
}

func newView(r *Report, opts RenderOptions) *view {
	c := &Report{Findings: slices.Clone(r.Findings)}
	for i := range c.Findings {
		f := &c.Findings[i]
		f.Severity = severityOf(*f, opts.Catalog)
		f.Location.File = relPath(opts.WorkDir, f.Location.File)
		f.Location.Path = relPath(opts.WorkDir, f.Location.Path)
		if f.Fix != nil {
			fix := *f.Fix
			fix.Edits = slices.Clone(fix.Edits)
			for j := range fix.Edits {
				fix.Edits[j].File = relPath(opts.WorkDir, fix.Edits[j].File)
			}
			f.Fix = &fix
		}
		if f.Source == "" && opts.Catalog != nil {
			if rule := opts.Catalog.Rule(f.Rule); rule != nil {
				f.Source = rule.Source
			}
		}
	}
	c.Sort()
	v := &view{r: r, opts: opts, findings: c.Findings}

	v.inputs = slices.Clone(r.Inputs)
	for i := range v.inputs {
		v.inputs[i].Name = relPath(opts.WorkDir, v.inputs[i].Name)
		v.inputs[i].Dir = relPath(opts.WorkDir, v.inputs[i].Dir)
	}
	slices.SortFunc(v.inputs, func(a, b Input) int {
		return cmp.Or(cmp.Compare(detectorRank(a.Detector), detectorRank(b.Detector)),
			cmp.Compare(a.Detector, b.Detector), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
	})
	v.inputs = slices.Compact(v.inputs)

	v.problems = slices.Clone(r.Problems)
	for i := range v.problems {
		v.problems[i].Input = relPath(opts.WorkDir, v.problems[i].Input)
	}
	slices.SortFunc(v.problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Input, b.Input), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Detector, b.Detector), cmp.Compare(a.Message, b.Message))
	})
	v.problems = slices.Compact(v.problems)

	v.facts = slices.Clone(r.Facts)
	for i := range v.facts {
		v.facts[i].Subject = relPath(opts.WorkDir, v.facts[i].Subject)
	}
	slices.SortFunc(v.facts, func(a, b Fact) int {
		return cmp.Or(cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Value, b.Value))
	})
	v.facts = slices.Compact(v.facts)
	return v
}

// rule returns the catalog rule with the given ID, or nil.
func (v *view) rule(id string) *rules.Rule {
	if v.opts.Catalog == nil {
		return nil
	}
	return v.opts.Catalog.Rule(id)
}

// ruleTitle returns the rule's title, or "" when the catalog does not
// know it.
func (v *view) ruleTitle(id string) string {
	if r := v.rule(id); r != nil {
		return r.Title
	}
	return ""
}

// ruleURL returns the rule's documentation link, or "" when the catalog
// does not know it.
func (v *view) ruleURL(id string) string {
	if r := v.rule(id); r != nil {
		return r.URL()
	}
	return ""
}

// counts is the number of findings at each severity.
type counts struct {
	errors, warnings, infos int
}

func (v *view) counts() counts {
	var c counts
	for _, f := range v.findings {
		switch f.Severity {
		case rules.Error:
			c.errors++
		case rules.Warning:
			c.warnings++
		default:
			c.infos++
		}
	}
	return c
}

// severityOf returns f's severity, falling back to the rule's default
// severity and then to warning when the detector left it unset.
func severityOf(f Finding, cat *rules.Catalog) rules.Severity {
	if f.Severity >= rules.Info && f.Severity <= rules.Error {
		return f.Severity
	}
	if cat != nil {
		if r := cat.Rule(f.Rule); r != nil {
			return r.Severity
		}
	}
	return rules.Warning
}

// relPath returns p relative to dir when both are absolute and p lies
// inside dir; otherwise p unchanged. It never produces a path starting
// with "..": a file outside the work directory keeps its absolute path.
func relPath(dir, p string) string {
	if p == "" || dir == "" || !filepath.IsAbs(p) || !filepath.IsAbs(dir) {
		return p
	}
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return rel
}

// primary returns the primary location of a finding as text: the file,
// the endpoint (with its member), the path, or the member.
func (l Location) primary() string {
	switch {
	case l.File != "":
		return l.File
	case l.Endpoint != "":
		if l.Member != "" {
			return l.Endpoint + " (" + l.Member + ")"
		}
		return l.Endpoint
	case l.Path != "":
		return l.Path
	case l.Member != "":
		return "member " + l.Member
	}
	return ""
}

// position returns "file:line:col" (or "file:line", "file") for file
// locations and the primary location otherwise.
func (l Location) position() string {
	if l.File == "" {
		return l.primary()
	}
	switch {
	case l.Line > 0 && l.Column > 0:
		return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column)
	case l.Line > 0:
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	}
	return l.File
}

// position returns "input:line" or "input".
func (p Problem) position() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d", p.Input, p.Line)
	}
	return p.Input
}

// plural returns "1 word" or "n words".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// errWriter wraps an io.Writer and remembers the first error, so a
// renderer can write freely and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

func (e *errWriter) print(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}
