// Package leasettl defines an analyzer that reports Lease.TimeToLive errors
// compared with ErrLeaseNotFound: from etcd 3.2 the server answers an
// unknown lease with TTL -1 and no error.
package leasettl

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
)

// Rule is the rule this analyzer reports.
const Rule = "EC3204"

const doc = `report TimeToLive errors compared with ErrLeaseNotFound

A 3.2 server answers TimeToLive for an unknown lease with TTL -1 and no
error (it was rpctypes.ErrLeaseNotFound); this is server-side, so old
clients see it too, and the comparison silently never matches:

	resp, err := cli.TimeToLive(ctx, id)
	if err == rpctypes.ErrLeaseNotFound {          // before
	if err == nil && resp.TTL == -1 {              // after`

// New returns a new leasettl analyzer.
func New(env lint.Env) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "leasettl",
		Doc:              doc,
		URL:              lint.RuleURL(Rule),
		Requires:         env.Requires(),
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return nil, run(pass, env) },
	}
}

func run(pass *analysis.Pass, env lint.Env) error {
	p := lint.New(pass, env, Rule)
	if p == nil {
		return nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	// The error variables TimeToLive results are assigned to.
	errVars := map[types.Object]bool{}
	record := func(lhs []ast.Expr, rhs []ast.Expr) {
		if len(lhs) != 2 || len(rhs) != 1 || !isTimeToLive(p, rhs[0]) {
			return
		}
		if id, ok := lhs[1].(*ast.Ident); ok {
			if obj := pass.TypesInfo.ObjectOf(id); obj != nil {
				errVars[obj] = true
			}
		}
	}
	ins.Preorder([]ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			record(n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			record(lhs, n.Values)
		}
	})
	if len(errVars) == 0 {
		return nil
	}
	isErrVar := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && errVars[pass.TypesInfo.ObjectOf(id)]
	}
	report := func(n ast.Node) {
		p.Report(lint.Finding{
			Rule:    p.Rule(Rule),
			Node:    n,
			Message: "TimeToLive reports an unknown lease as TTL -1 with no error from etcd 3.2 servers, never ErrLeaseNotFound",
			Advice:  "check resp.TTL == -1",
		})
	}
	ins.WithStack([]ast.Node{(*ast.BinaryExpr)(nil), (*ast.CallExpr)(nil), (*ast.SwitchStmt)(nil)}, func(n ast.Node, push bool, _ []ast.Node) bool {
		if !push {
			return true
		}
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if (n.Op == token.EQL || n.Op == token.NEQ) &&
				(isErrVar(n.X) && isNotFound(p, n.Y) || isErrVar(n.Y) && isNotFound(p, n.X)) {
				report(n)
			}
		case *ast.CallExpr:
			// errors.Is(err, rpctypes.ErrLeaseNotFound)
			if fn, ok := typeutilCallee(pass, n).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "errors" && fn.Name() == "Is" &&
				len(n.Args) == 2 && isErrVar(n.Args[0]) && isNotFound(p, n.Args[1]) {
				report(n)
			}
		case *ast.SwitchStmt:
			if n.Tag == nil || !isErrVar(n.Tag) {
				return true
			}
			for _, s := range n.Body.List {
				for _, e := range s.(*ast.CaseClause).List {
					if isNotFound(p, e) {
						report(e)
					}
				}
			}
		}
		return true
	})
	return nil
}

// isTimeToLive reports whether e calls an etcd TimeToLive method.
func isTimeToLive(p *lint.Pass, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "TimeToLive" {
		return false
	}
	fn, ok := p.TypesInfo.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	_, isEtcd := p.Canonical(fn.Pkg().Path())
	return isEtcd
}

// isNotFound reports whether e is rpctypes.ErrLeaseNotFound (or
// ErrGRPCLeaseNotFound) or lease.ErrLeaseNotFound.
func isNotFound(p *lint.Pass, e ast.Expr) bool {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		id = e.Sel
	case *ast.Ident:
		id = e
	default:
		return false
	}
	obj := p.TypesInfo.Uses[id]
	return p.IsObj(obj, "etcdserver/api/v3rpc/rpctypes", "ErrLeaseNotFound") ||
		p.IsObj(obj, "etcdserver/api/v3rpc/rpctypes", "ErrGRPCLeaseNotFound") ||
		p.IsObj(obj, "lease", "ErrLeaseNotFound")
}

func typeutilCallee(pass *analysis.Pass, call *ast.CallExpr) types.Object {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return pass.TypesInfo.Uses[fun]
	case *ast.SelectorExpr:
		return pass.TypesInfo.Uses[fun.Sel]
	}
	return nil
}
