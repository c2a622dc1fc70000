// Package analyzers holds etcdlint's Go analyzers: go/analysis passes that
// find client and embed code an etcd upgrade breaks.
//
// The suite is built by [NewSuite]: an etcdversion analyzer that resolves
// the versions checked between, an etcdlintignore analyzer that collects
// //etcdlint:ignore directives, one analyzer per rule family (each in its
// own package under analyzers/), and EC0001, which reports malformed and
// unused directives after every rule analyzer has run.
//
// The analyzers import no etcd module: they recognise etcd APIs by package
// path and object name, for every path etcd has used.
//
// Diagnostics carry the rule ID as Category. A diagnostic made without
// type information (the package does not type-check) ends in
// [SyntaxOnly]; its Related information may carry a note (the go get lines
// to run), whose message starts with [NotePrefix]. [Split] separates both.
package analyzers

import (
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/analyzers/directive"
	"github.com/etcdlint/etcdlint/analyzers/etcdversion"
	"github.com/etcdlint/etcdlint/analyzers/internal/etcdpath"
	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// Config carries the etcd versions the suite checks between. Empty From
// means "infer it from go.mod or the import paths"; empty Target means the
// newest stable etcd the catalog knows.
type Config struct {
	From, Target string
}

// SyntaxOnly ends the message of a diagnostic made from syntax alone.
const SyntaxOnly = lint.SyntaxOnly

// NotePrefix starts the message of the related information that holds a
// diagnostic's note.
const NotePrefix = lint.NotePrefix

// Split returns a diagnostic's message without the syntax-only marker,
// its note (empty if none) and whether it was made from syntax alone (the
// driver marks those low confidence).
func Split(d analysis.Diagnostic) (msg, note string, syntaxOnly bool) {
	msg, syntaxOnly = strings.CutSuffix(d.Message, SyntaxOnly)
	for _, r := range d.Related {
		if n, ok := strings.CutPrefix(r.Message, NotePrefix); ok {
			note = n
		}
	}
	return msg, note, syntaxOnly
}

// NewSuite returns a fresh set of analyzers configured by cfg. Each call
// returns new instances, so flag values never leak between runs. The
// first two are the etcdversion and etcdlintignore analyzers, which report
// nothing; the last is EC0001.
func NewSuite(cfg Config) []*analysis.Analyzer {
	cat, err := rules.Load()
	var paths *etcdpath.Table
	if err == nil {
		paths, err = etcdpath.NewTable(cat.Imports())
	}
	env := lint.Env{
		Version:    etcdversion.New(etcdversion.Config{From: cfg.From, Target: cfg.Target}, cat, paths, err),
		Directives: directive.New(),
	}
	var ruleAnalyzers []*analysis.Analyzer
	for _, f := range families {
		ruleAnalyzers = append(ruleAnalyzers, f.New(env))
	}
	check := directive.NewCheck(env.Directives, env.Version, ruleAnalyzers, Covered())
	suite := append([]*analysis.Analyzer{env.Version, env.Directives}, ruleAnalyzers...)
	return append(suite, check)
}

// Covered returns the IDs of the catalog rules the suite reports, sorted.
func Covered() []string {
	ids := []string{directive.RuleID}
	for _, f := range families {
		ids = append(ids, f.Rules...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Families returns, for each rule analyzer of the suite (in suite order
// after etcdversion and etcdlintignore), the rule IDs it reports.
func Families() [][]string {
	out := make([][]string, len(families))
	for i, f := range families {
		out[i] = slices.Clone(f.Rules)
	}
	return out
}
