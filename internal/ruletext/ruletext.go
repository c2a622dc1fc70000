// Package ruletext adapts etcdlint's analyzers to drivers that print only
// a diagnostic's message, such as go vet and golangci-lint: each message
// starts with its rule ID (and the severity when it is not an error), and
// a finding's note is folded into the message instead of being printed as
// a diagnostic of its own.
package ruletext

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/rules"
)

// NotePrefix starts the related information that carries a finding's
// note; it matches the analyzers' lint.NotePrefix.
const NotePrefix = "note: "

// SeverityPrefix starts the related information that carries a finding's
// own severity when it is not its rule's; it matches the analyzers'
// lint.SeverityPrefix.
const SeverityPrefix = "severity: "

// Apply rewrites, in place, the Run function of every analyzer of suite
// (fresh instances, as analyzers.NewSuite returns) so that the
// diagnostics it reports read as [Message] says, and returns suite.
// Rewriting in place keeps the Requires links between the analyzers.
func Apply(suite []*analysis.Analyzer, cat *rules.Catalog) []*analysis.Analyzer {
	for _, a := range suite {
		run := a.Run
		if run == nil {
			continue
		}
		a.Run = func(pass *analysis.Pass) (any, error) {
			p := *pass
			report := pass.Report
			p.Report = func(d analysis.Diagnostic) { report(Rewrite(d, cat)) }
			return run(&p)
		}
	}
	return suite
}

// Rewrite returns d with its message prefixed by the rule ID (the
// diagnostic's category) and severity, and its notes folded in.
func Rewrite(d analysis.Diagnostic, cat *rules.Catalog) analysis.Diagnostic {
	var sev rules.Severity
	if cat != nil {
		if r := cat.Rule(d.Category); r != nil {
			sev = r.Severity
		}
	}
	var notes []string
	var related []analysis.RelatedInformation
	for _, r := range d.Related {
		if n, ok := strings.CutPrefix(r.Message, NotePrefix); ok {
			notes = append(notes, n)
			continue
		}
		if n, ok := strings.CutPrefix(r.Message, SeverityPrefix); ok {
			if own, err := rules.ParseSeverity(n); err == nil {
				sev = own
				continue
			}
		}
		related = append(related, r)
	}
	d.Message = Message(d.Category, sev, d.Message, notes)
	d.Related = related
	return d
}

// Message is the one-line text of a finding: "EC3401: msg" for an error,
// "EC3404 (warning): msg" otherwise, then "; note: ..." per note. A rule
// ID already at the start is not repeated.
func Message(id string, sev rules.Severity, msg string, notes []string) string {
	var b strings.Builder
	if id != "" && !strings.HasPrefix(msg, id+":") && !strings.HasPrefix(msg, id+" (") {
		b.WriteString(id)
		if sev != 0 && sev != rules.Error {
			b.WriteString(" (" + sev.String() + ")")
		}
		b.WriteString(": ")
	}
	b.WriteString(msg)
	for _, n := range notes {
		b.WriteString("; note: " + n)
	}
	return b.String()
}

// Merge returns one analyzer, named name, that runs every analyzer of
// suite in order within a single pass and reports their diagnostics as
// its own. golangci-lint prefixes each issue with the analyzer's name
// unless it is the linter's, so the merged analyzer lets the rule ID start
// the text there too. suite must be in dependency order (as
// analyzers.NewSuite returns it) and use no facts.
func Merge(name string, suite []*analysis.Analyzer) *analysis.Analyzer {
	member := map[*analysis.Analyzer]bool{}
	for _, a := range suite {
		member[a] = true
	}
	var requires []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	despite := false
	docs := []string{"run etcdlint's analyzers as one: " + name}
	for _, a := range suite {
		despite = despite || a.RunDespiteErrors
		doc, _, _ := strings.Cut(a.Doc, "\n")
		docs = append(docs, a.Name+": "+doc)
		for _, r := range a.Requires {
			if !member[r] && !seen[r] {
				seen[r] = true
				requires = append(requires, r)
			}
		}
	}
	return &analysis.Analyzer{
		Name:             name,
		Doc:              strings.Join(docs, "\n"),
		Requires:         requires,
		RunDespiteErrors: despite,
		Run: func(pass *analysis.Pass) (any, error) {
			results := make(map[*analysis.Analyzer]any, len(pass.ResultOf)+len(suite))
			for a, r := range pass.ResultOf {
				results[a] = r
			}
			for _, a := range suite {
				if len(pass.TypeErrors) > 0 && !a.RunDespiteErrors {
					continue
				}
				ready := true
				for _, r := range a.Requires {
					if _, ok := results[r]; !ok {
						ready = false // a requirement did not run
					}
				}
				if !ready {
					continue
				}
				p := *pass
				p.Analyzer = a
				p.ResultOf = results
				res, err := a.Run(&p)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", a.Name, err)
				}
				results[a] = res
			}
			return nil, nil
		},
	}
}
