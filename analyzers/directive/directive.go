// Package directive implements etcdlint's suppression comments:
//
//	//etcdlint:ignore EC3202 reason why this is fine
//
// on the line of a finding or the line above it suppresses the finding of
// that rule (several rules may be listed, separated by commas). The reason
// is required.
//
// Two analyzers cooperate. The parse analyzer (Name "etcdlintignore")
// collects the directives of a package and returns a [Set]; every rule
// analyzer requires it and asks the Set before reporting, which marks the
// directive used. The check analyzer (see [NewCheck]) requires the parse
// analyzer and every rule analyzer, so it runs after all of them on the same
// package under every driver (etcdlint code, go vet -vettool, golangci-lint)
// and sees the same Set: it reports directives without a reason, naming an
// unknown rule, or that suppressed nothing although their rule applies to
// the versions checked. A directive for a rule that does not apply between
// the versions checked is left alone: it may be meant for another target.
package directive

import (
	"fmt"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/analyzers/etcdversion"
	"github.com/etcdlint/etcdlint/rules"
)

// Prefix starts a directive comment.
const Prefix = "//etcdlint:ignore"

// A Directive is one //etcdlint:ignore comment.
type Directive struct {
	Pos    token.Pos
	End    token.Pos
	File   string
	Line   int
	Rules  []string
	Reason string
	used   map[string]bool
}

// A Set is the directives of one package. It is safe for concurrent use by
// the rule analyzers of that package.
type Set struct {
	mu   sync.Mutex
	list []*Directive
}

// Directives returns the package's directives in source order.
func (s *Set) Directives() []*Directive { return s.list }

// Suppressed reports whether a directive on pos's line or the line above
// names rule, and marks that directive used.
func (s *Set) Suppressed(fset *token.FileSet, pos token.Pos, rule string) bool {
	return s.match(fset, pos, rule, true)
}

// Matches is like Suppressed but does not mark the directive used.
func (s *Set) Matches(fset *token.FileSet, pos token.Pos, rule string) bool {
	return s.match(fset, pos, rule, false)
}

func (s *Set) match(fset *token.FileSet, pos token.Pos, rule string, mark bool) bool {
	p := fset.Position(pos)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.list {
		if d.File == p.Filename && (d.Line == p.Line || d.Line == p.Line-1) && slices.Contains(d.Rules, rule) && d.Reason != "" {
			if mark {
				d.used[rule] = true
			}
			return true
		}
	}
	return false
}

// Used reports whether the directive suppressed a finding of rule.
func (s *Set) Used(d *Directive, rule string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return d.used[rule]
}

// New returns a new parse analyzer.
func New() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "etcdlintignore",
		Doc: `collect //etcdlint:ignore directives

The etcdlintignore analyzer reports nothing: it collects the
//etcdlint:ignore RULE reason comments of a package for the rule analyzers.`,
		URL:              rules.DocsURL,
		Run:              parse,
		RunDespiteErrors: true,
		ResultType:       reflect.TypeFor[*Set](),
	}
}

func parse(pass *analysis.Pass) (any, error) {
	s := &Set{}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				rest, ok := strings.CutPrefix(c.Text, Prefix)
				if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
					continue
				}
				fields := strings.Fields(rest)
				d := &Directive{Pos: c.Pos(), End: c.End(), used: map[string]bool{}}
				p := pass.Fset.Position(c.Pos())
				d.File, d.Line = p.Filename, p.Line
				if len(fields) > 0 {
					for _, r := range strings.Split(fields[0], ",") {
						if r = strings.TrimSpace(r); r != "" {
							d.Rules = append(d.Rules, r)
						}
					}
					d.Reason = strings.Join(fields[1:], " ")
				}
				s.list = append(s.list, d)
			}
		}
	}
	return s, nil
}

// RuleID is the catalog rule the check analyzer reports under.
const RuleID = "EC0001"

// NewCheck returns the analyzer that reports malformed, unknown and unused
// directives. It requires parse, version and every analyzer in ruleAnalyzers
// (so that it runs after them); covered lists the rule IDs the suite
// reports.
func NewCheck(parse, version *analysis.Analyzer, ruleAnalyzers []*analysis.Analyzer, covered []string) *analysis.Analyzer {
	req := append([]*analysis.Analyzer{parse, version}, ruleAnalyzers...)
	return &analysis.Analyzer{
		Name: RuleID,
		Doc: `report malformed and unused //etcdlint:ignore directives

A suppression must name etcdlint rules and give a reason, and it must
suppress something; otherwise it hides nothing but the next real finding:

	//etcdlint:ignore EC3202                     <- no reason
	//etcdlint:ignore SA1019 deprecated is fine  <- not an etcdlint rule
	//etcdlint:ignore EC3202 checked by hand     <- no EC3202 finding here

A directive for a rule that does not apply between the versions checked is
not reported as unused: it may be meant for another target.`,
		URL:              rules.DocsURL + "#" + strings.ToLower(RuleID),
		Requires:         req,
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			s := pass.ResultOf[parse].(*Set)
			v := etcdversion.For(pass, version)
			for _, d := range s.Directives() {
				report := func(format string, args ...any) {
					pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End, Category: RuleID, Message: fmt.Sprintf(format, args...), URL: rules.DocsURL + "#" + strings.ToLower(RuleID)})
				}
				if len(d.Rules) == 0 {
					report("malformed etcdlint:ignore directive: name the rule and give a reason")
					continue
				}
				if d.Reason == "" {
					report("etcdlint:ignore directive without a reason: add why the finding does not apply")
					continue
				}
				for _, r := range d.Rules {
					switch {
					case v == nil || v.Catalog.Rule(r) == nil:
						report("etcdlint:ignore names %s, which is not an etcdlint rule", r)
					case !slices.Contains(covered, r):
						report("etcdlint:ignore names %s, which the code analyzers do not report", r)
					case v.Rule(r) != nil && !s.Used(d, r):
						report("etcdlint:ignore %s suppresses nothing (%s): remove it", r, v.Describe())
					}
				}
			}
			return nil, nil
		},
	}
}
