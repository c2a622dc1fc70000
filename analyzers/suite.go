// Package analyzers holds etcdlint's Go analyzers: go/analysis passes that
// find client and embed code an etcd upgrade breaks.
//
// # The suite
//
// [NewSuite] builds, in this order: the etcdversion analyzer, which
// resolves the versions checked between (see package etcdversion); the
// etcdlintignore analyzer, which collects //etcdlint:ignore directives; one
// analyzer per rule family, each in its own package under analyzers/ (see
// [Families]); and EC0001, which reports malformed and unused directives.
// The first two report nothing. Every rule analyzer requires both, so the
// versions and the directives reach them the same way under every driver
// (etcdlint code, go vet -vettool, go fix, golangci-lint), and the flags
// -etcdversion.from and -etcdversion.target set them under go vet.
//
// A rule fires when the code's version (From) is below the version the
// change lands in and the target is at or above it (rules.Rule.Applies).
// Every message ends with where the versions came from, e.g.
// "(from 3.1.20 per go.mod (github.com/coreos/etcd v3.1.20+incompatible),
// target 3.7.3)".
//
// The analyzers import no etcd module: they recognise etcd APIs by package
// path and object name, under every path etcd has used (the catalog's
// import table maps them all to one canonical name).
//
// # Suppression
//
// //etcdlint:ignore RULE[,RULE] reason, on the line of a finding or the line
// above, suppresses it. EC0001 requires every rule analyzer, so drivers run
// it after them on the same package and it sees which directives were used:
// under go vet, where each package is one unit, it reports the unused ones
// of that package. A directive naming a rule that does not apply between
// the versions checked is not reported: it may be meant for another target.
//
// # What drivers need to know
//
//   - Diagnostics carry the rule ID as Category and the rule's docs as URL.
//   - A diagnostic made without full type information (the package does
//     not type-check, e.g. go.mod already requires the new etcd) ends in
//     [SyntaxOnly]; drivers mark it low confidence. The analyzers that can
//     work from syntax set RunDespiteErrors.
//   - A diagnostic's note (the go get or go mod edit line to run) is the
//     Related information whose message starts with [NotePrefix].
//   - A diagnostic whose severity is not its rule's (the info finding at a
//     declaration whose conversion sites are the errors) says so in a
//     Related information whose message starts with [SeverityPrefix]; see
//     [Severity].
//   - [Split] separates the three.
//   - From is read from go.mod through analysis.Pass.Module: load packages
//     with packages.NeedModule (go vet's unit config gives the module path,
//     and the go.mod is then found above the package's files).
package analyzers

import (
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/analyzers/directive"
	"github.com/etcdlint/etcdlint/analyzers/etcdversion"
	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
	"github.com/etcdlint/etcdlint/internal/etcdpath"
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

// SeverityPrefix starts the message of the related information that holds
// a diagnostic's own severity.
const SeverityPrefix = lint.SeverityPrefix

// Severity returns the severity a diagnostic carries of its own, which
// overrides its rule's, and whether it carries one.
func Severity(d analysis.Diagnostic) (rules.Severity, bool) {
	for _, r := range d.Related {
		if s, ok := strings.CutPrefix(r.Message, SeverityPrefix); ok {
			if sev, err := rules.ParseSeverity(s); err == nil {
				return sev, true
			}
		}
	}
	return 0, false
}

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
