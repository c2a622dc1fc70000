// Package withblock defines an analyzer that reports clientv3.Config dial
// options whose blocking behaviour changes: from etcd 3.4 clientv3.New
// only waits for a connection with grpc.WithBlock, and from 3.7 it ignores
// grpc.WithBlock altogether.
package withblock

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
	"github.com/etcdlint/etcdlint/internal/etcdpath"
	"github.com/etcdlint/etcdlint/rules"
)

// Rules this analyzer reports.
const (
	NoBlock = "EC3404" // 3.4: New returns before connecting
	Ignored = "EC3701" // 3.7: WithBlock is ignored
)

const doc = `report clientv3 dial options whose blocking changes

From 3.4 (and 3.3.14) clientv3.New returns before the connection is up
unless Config.DialOptions has grpc.WithBlock() (EC3404); from 3.7 New uses
grpc.NewClient and ignores grpc.WithBlock (EC3701), so New succeeds
against unreachable endpoints:

	cfg := clientv3.Config{Endpoints: eps}                       // 3.3: New fails fast
	cfg.DialOptions = []grpc.DialOption{grpc.WithBlock()}        // 3.4 to 3.6
	_, err = cli.Status(ctx, eps[0])                             // 3.7: check readiness`

// New returns a new withblock analyzer.
func New(env lint.Env) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "withblock",
		Doc:              doc,
		URL:              lint.RuleURL(NoBlock),
		Requires:         env.Requires(),
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return nil, run(pass, env) },
	}
}

func run(pass *analysis.Pass, env lint.Env) error {
	p := lint.New(pass, env, NoBlock, Ignored)
	if p == nil {
		return nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	reported := map[*ast.CallExpr]bool{}
	ins.Preorder([]ast.Node{(*ast.CompositeLit)(nil)}, func(n ast.Node) {
		lit := n.(*ast.CompositeLit)
		canon, typ, ok := p.NamedOf(pass.TypesInfo.TypeOf(lit))
		if !ok || canon != "clientv3" || typ != "Config" {
			return
		}
		var dialOpts ast.Expr
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "DialOptions" {
					dialOpts = kv.Value
				}
			}
		}
		dialOpts = initialiser(pass, dialOpts)
		block := findWithBlock(pass, dialOpts)
		if block != nil {
			if r := p.Rule(Ignored); r != nil && !reported[block] {
				reported[block] = true
				p.Report(lint.Finding{Rule: r, Node: block,
					Message: "clientv3.New ignores grpc.WithBlock from etcd 3.7 and returns without connecting",
					Advice:  "check readiness explicitly, e.g. cli.Status(ctx, endpoint) with a timeout"})
			}
			return
		}
		if _, isLit := ast.Unparen(orNil(dialOpts)).(*ast.CompositeLit); dialOpts != nil && !isLit {
			return // options built elsewhere: unknown
		}
		if r := p.Rule(NoBlock); r != nil {
			advice := "add grpc.WithBlock() to DialOptions where New must fail for an unreachable cluster"
			if !p.V.Target.Less(rules.MustParseVersion("3.7.0")) {
				advice = "check readiness explicitly after New (e.g. cli.Status with a timeout): 3.7 ignores grpc.WithBlock"
			}
			p.Report(lint.Finding{Rule: r, Node: lit.Type,
				Message: "clientv3.New returns before the connection is up from etcd 3.4 unless DialOptions has grpc.WithBlock()",
				Advice:  advice})
		}
	})
	// grpc.WithBlock appended to a Config's DialOptions elsewhere.
	if p.Rule(Ignored) != nil {
		ins.Preorder([]ast.Node{(*ast.AssignStmt)(nil)}, func(n ast.Node) {
			as := n.(*ast.AssignStmt)
			for i, lhs := range as.Lhs {
				sel, ok := lhs.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "DialOptions" || i >= len(as.Rhs) {
					continue
				}
				if canon, typ, ok := p.NamedOf(pass.TypesInfo.TypeOf(sel.X)); !ok || canon != "clientv3" || typ != "Config" {
					continue
				}
				if block := findWithBlock(pass, initialiser(pass, as.Rhs[i])); block != nil && !reported[block] {
					reported[block] = true
					p.Report(lint.Finding{Rule: p.Rule(Ignored), Node: block,
						Message: "clientv3.New ignores grpc.WithBlock from etcd 3.7 and returns without connecting",
						Advice:  "check readiness explicitly, e.g. cli.Status(ctx, endpoint) with a timeout"})
				}
			}
		})
	}
	return nil
}

// initialiser returns, for an identifier naming a variable of the package
// declared with an initial value (var dialOpts = []grpc.DialOption{...}),
// that value; else e.
func initialiser(pass *analysis.Pass, e ast.Expr) ast.Expr {
	id, ok := ast.Unparen(orNil(e)).(*ast.Ident)
	if !ok {
		return e
	}
	v, ok := pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Pkg() != pass.Pkg {
		return e
	}
	for _, f := range pass.Files {
		if f.Pos() > v.Pos() || v.Pos() > f.End() {
			continue
		}
		var init ast.Expr
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || init != nil {
				return init == nil
			}
			for i, name := range vs.Names {
				if pass.TypesInfo.Defs[name] == v && len(vs.Values) == len(vs.Names) {
					init = vs.Values[i]
				}
			}
			return false
		})
		if init != nil {
			return init
		}
	}
	return e
}

func orNil(e ast.Expr) ast.Expr {
	if e == nil {
		return &ast.BadExpr{}
	}
	return e
}

// findWithBlock returns the first grpc.WithBlock() call under n.
func findWithBlock(pass *analysis.Pass, n ast.Node) *ast.CallExpr {
	if n == nil {
		return nil
	}
	var found *ast.CallExpr
	ast.Inspect(n, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found != nil {
			return found == nil
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "WithBlock" {
			if fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && etcdpath.StripVendor(fn.Pkg().Path()) == "google.golang.org/grpc" {
				found = call
				return false
			}
		}
		return true
	})
	return found
}
