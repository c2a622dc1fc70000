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
go 1.26; the catalog records every release's of api/v3, client/pkg/v3,
client/v3, pkg/v3, server/v3 and raft/v3, generated from the module proxy).
The directive needed is the highest of the etcd modules go.mod requires,
at the target, and of the etcd modules they require. And the pre-module clients need a matching google.golang.org/grpc
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
	// Versioned, not per rule: a patch bump within a line can raise the
	// go directive too (client/v3 3.5.33: go 1.25.0, 3.5.34: go 1.26).
	p := lint.NewVersioned(pass, env)
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
		var required []string
		for _, r := range mf.Require {
			required = append(required, r.Mod.Path)
		}
		need, module, at := goNeed(p.V.Catalog, required, target)
		id := map[int]string{5: Go35, 6: Go36, 7: Go37}[target.Minor]
		r := p.Rule(id)
		if r == nil && target.Major == 3 && p.V.From.SameMinor(target) {
			r = p.V.Catalog.Rule(id) // a patch bump on the rule's line
		}
		if r != nil && need != "" && version.Compare("go"+declared, "go"+need) < 0 {
			p.Report(lint.Finding{Rule: r, Node: clause,
				Message: fmt.Sprintf("%s declares go %s; go.mod %s", moduleAt(module, at, target), need, says),
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

// clientModule is the module whose go directive decides when go.mod
// requires none of the modules the catalog records (a pre-module client
// moves to it).
const clientModule = "go.etcd.io/etcd/client/v3"

// raftModule is the raft module etcd uses from 3.6, versioned apart.
const raftModule = "go.etcd.io/raft/v3"

// etcdDeps lists, for each module the catalog records go directives of,
// the etcd modules it requires at the same release: the build list of a
// module requiring it holds them too, and the main module's go directive
// must be at least each one's.
var etcdDeps = map[string][]string{
	"go.etcd.io/etcd/api/v3":        nil,
	"go.etcd.io/etcd/client/pkg/v3": nil,
	"go.etcd.io/etcd/client/v3":     {"go.etcd.io/etcd/api/v3", "go.etcd.io/etcd/client/pkg/v3"},
	"go.etcd.io/etcd/pkg/v3":        {"go.etcd.io/etcd/client/pkg/v3"},
	"go.etcd.io/etcd/raft/v3":       nil,
	"go.etcd.io/etcd/server/v3": {"go.etcd.io/etcd/api/v3", "go.etcd.io/etcd/client/pkg/v3", "go.etcd.io/etcd/client/v3",
		"go.etcd.io/etcd/pkg/v3", "go.etcd.io/etcd/raft/v3", raftModule},
	raftModule: nil,
}

// goNeed returns the go directive the modules go.mod requires need at the
// target (the highest of the etcd modules required and of the etcd
// modules they require), the module and version that declares it, or ""
// when the catalog records none. A go.mod requiring none of the recorded
// modules is read as requiring the client module.
func goNeed(cat *rules.Catalog, required []string, target rules.Version) (need, module, at string) {
	var mods []string
	for _, r := range required {
		if _, ok := etcdDeps[r]; ok {
			mods = append(mods, r)
		}
	}
	if len(mods) == 0 {
		mods = []string{clientModule}
	}
	seen := map[string]bool{}
	consider := func(m string) {
		if seen[m] {
			return
		}
		seen[m] = true
		g, v := goDirective(cat, m, target)
		if g != "" && (need == "" || version.Compare("go"+g, "go"+need) > 0) {
			need, module, at = g, m, v
		}
	}
	// The required modules first, so that a tie names one of them.
	for _, m := range mods {
		consider(m)
	}
	for _, m := range mods {
		for _, d := range etcdDeps[m] {
			consider(d)
		}
	}
	return need, module, at
}

// moduleAt names module at version at, with the etcd target when at is
// another version (go.etcd.io/raft/v3, or a patch the proxy does not list).
func moduleAt(module, at string, target rules.Version) string {
	if at == target.String() {
		return module + " v" + at
	}
	return fmt.Sprintf("%s v%s (etcd %s)", module, at, target)
}

// goDirective returns the go directive of module at the target and the
// module's version it is read from: the target's own release, else the
// newest release of the line before it (a patch the proxy does not list).
// go.etcd.io/raft/v3 has versions of its own: the newest release on the
// target's minor line (raft v3.7.x for etcd 3.7) stands for it.
func goDirective(cat *rules.Catalog, module string, target rules.Version) (need, at string) {
	vs, gos := cat.GoDirectiveReleases(module)
	if module == raftModule {
		for i, v := range vs {
			if v.SameMinor(target) {
				need, at = gos[i], v.String()
			}
		}
		return need, at
	}
	if g, ok := cat.GoDirective(module, target); ok {
		return g, target.String()
	}
	for i, v := range vs {
		if v.SameMinor(target) && !target.Less(v) {
			need, at = gos[i], v.String()
		}
	}
	return need, at
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
