// Package godeps defines an analyzer that compares the Go toolchain and
// gRPC versions the module's go.mod declares with the ones the target etcd
// release needs.
package godeps

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/version"

	"golang.org/x/mod/semver"
	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// Rules this analyzer reports.
const (
	GRPC32   = "EC3206" // grpc pins of the 3.2 client
	GRPC34   = "EC3412" // grpc ranges of the 3.4 client
	Go35     = "EC3511"
	Go36     = "EC3610"
	Go37     = "EC3712"
	grpcPath = "google.golang.org/grpc"
)

const doc = `report Go and gRPC versions the target etcd cannot use

The etcd 3.5+ modules declare a go directive that rises with the patch
(client/v3 3.5.0: go 1.16, 3.5.33: go 1.25.0, 3.5.34 and 3.6.15: go 1.26, 3.7.0:
go 1.26; the catalog records every release's, generated from the module
proxy), and the pre-module clients need a matching google.golang.org/grpc
(3.2.12: v1.7.5; clientv3 3.4.0-3.4.7: before v1.27; clientv3/naming
3.4.0-3.4.27: before v1.30). The finding sits on the package's first etcd
import; its note says what to run:

	go 1.22                     // before, go.mod (target 3.7)
	go 1.26                     // after: go mod edit -go=1.26`

// grpcPins maps the first patch of each 3.2/3.3 step to the grpc version
// the release vendored.
var grpcPins = []struct{ since, grpc string }{
	{"3.2.0", "v1.2.1"}, {"3.2.10", "v1.7.3"}, {"3.2.11", "v1.7.4"}, {"3.2.12", "v1.7.5"},
	{"3.3.0", "v1.7.5"}, {"3.3.14", "v1.23.0"},
}

// New returns a new godeps analyzer.
func New(env lint.Env) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "godeps",
		Doc:              doc,
		URL:              lint.RuleURL(Go37),
		Requires:         env.Requires(),
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return nil, run(pass, env) },
	}
}

func run(pass *analysis.Pass, env lint.Env) error {
	p := lint.New(pass, env, GRPC32, GRPC34, Go35, Go36, Go37)
	if p == nil || p.V.GoMod == nil {
		return nil
	}
	spec, canon := firstEtcdImport(p)
	if spec == nil {
		return nil
	}
	// Module-level findings sit at the package clause of the file with
	// the first etcd import: once per package (drivers that see go.mod
	// move them to its line, recognising them by rule).
	clause := packageClause(p, spec)
	target := p.V.Target
	at := func(s string) rules.Version { return rules.MustParseVersion(s) }
	// The go directive.
	{
		mf := p.V.GoMod
		// A go.mod without a go line is read as go 1.16.
		declared, says := "1.16", "has no go directive (read as go 1.16)"
		if mf.Go != nil {
			declared = mf.Go.Version
			says = "declares go " + declared
		}
		need := goDirective(p.V.Catalog, target)
		id := map[int]string{5: Go35, 6: Go36, 7: Go37}[target.Minor]
		if r := p.Rule(id); r != nil && need != "" && version.Compare("go"+declared, "go"+need) < 0 {
			p.Report(lint.Finding{Rule: r, Node: clause,
				Message: fmt.Sprintf("etcd %s modules declare go %s; go.mod %s", target, need, says),
				Advice:  "raise the go directive and the toolchain",
				Note:    "run: go mod edit -go=" + need})
		}
	}
	grpc := ""
	for _, r := range p.V.GoMod.Require {
		if r.Mod.Path == grpcPath {
			grpc = r.Mod.Version
		}
	}
	if grpc == "" {
		return nil
	}
	// The 3.2/3.3 clients have no go.mod: grpc must be pinned by hand.
	if r := p.Rule(GRPC32); r != nil && target.Major == 3 && target.Minor <= 3 {
		pin := ""
		for _, g := range grpcPins {
			if !target.Less(at(g.since)) {
				pin = g.grpc
			}
		}
		if pin != "" && semver.Compare(grpc, pin) != 0 {
			p.Report(lint.Finding{Rule: r, Node: clause,
				Message: fmt.Sprintf("etcd %s was built and tested with google.golang.org/grpc %s; go.mod requires %s", target, pin, grpc),
				Advice:  "pin google.golang.org/grpc to " + pin,
				Note:    "run: go get google.golang.org/grpc@" + pin})
		}
	}
	if r := p.Rule(GRPC34); r != nil && target.Major == 3 && target.Minor == 4 {
		switch {
		case target.Less(at("3.4.8")) && semver.Compare(grpc, "v1.27.0") >= 0:
			p.Report(lint.Finding{Rule: r, Node: clause,
				Message: fmt.Sprintf("clientv3 %s uses balancer.PickOptions, which google.golang.org/grpc %s (v1.27+) no longer has", target, grpc),
				Advice:  "target 3.4.28 or later, or require grpc before v1.27",
				Note:    "run: go get google.golang.org/grpc@v1.26.0"})
		case target.Less(at("3.4.28")) && canon == "clientv3/naming" && semver.Compare(grpc, "v1.30.0") >= 0:
			p.Report(lint.Finding{Rule: r, Node: clause,
				Message: fmt.Sprintf("clientv3/naming %s imports google.golang.org/grpc/naming, which grpc %s (v1.30+) no longer has", target, grpc),
				Advice:  "target 3.4.28 or later, or require grpc before v1.30",
				Note:    "run: go get google.golang.org/grpc@v1.29.1"})
		}
	}
	return nil
}

// firstEtcdImport returns the package's first etcd import (the
// clientv3/naming one if there is one) and its canonical name.
func firstEtcdImport(p *lint.Pass) (*ast.ImportSpec, string) {
	var first *ast.ImportSpec
	firstCanon := ""
	for _, f := range p.Files() {
		for _, spec := range f.Imports {
			c, ok := p.Canonical(lint.PathOf(spec))
			if !ok {
				continue
			}
			if c == "clientv3/naming" {
				return spec, c
			}
			if first == nil {
				first, firstCanon = spec, c
			}
		}
	}
	return first, firstCanon
}

// clientModule is the module whose go directive the catalog records for
// every release (rules/data/api-changes.toml, generated from the proxy).
const clientModule = "go.etcd.io/etcd/client/v3"

// goDirective returns the go directive of the client module at the
// target: its own release's, else that of the newest release of the line
// before it (a patch the proxy does not list).
func goDirective(cat *rules.Catalog, target rules.Version) string {
	if g, ok := cat.GoDirective(clientModule, target); ok {
		return g
	}
	need := ""
	vs, gos := cat.GoDirectiveReleases(clientModule)
	for i, v := range vs {
		if v.SameMinor(target) && !target.Less(v) {
			need = gos[i]
		}
	}
	return need
}

// span is a source range.
type span struct{ pos, end token.Pos }

func (s span) Pos() token.Pos { return s.pos }
func (s span) End() token.Pos { return s.end }

// packageClause returns the package clause of the file holding spec.
func packageClause(p *lint.Pass, spec *ast.ImportSpec) span {
	f := p.FileOf(spec.Pos())
	if f == nil {
		return span{spec.Pos(), spec.End()}
	}
	return span{f.Package, f.Name.End()}
}
