// Package setlogger defines an analyzer that reports clientv3.SetLogger
// calls whose argument is not a grpclog.LoggerV2, which etcd 3.2.10
// requires.
package setlogger

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
)

// Rule is the rule this analyzer reports.
const Rule = "EC3201"

const doc = `report clientv3.SetLogger calls given a pre-3.2.10 logger

From 3.2.10 clientv3.Logger is grpclog.LoggerV2, so a *log.Logger or a
grpclog.Logger passed to clientv3.SetLogger no longer compiles. A log.New
argument is rewritten:

	clientv3.SetLogger(log.New(os.Stderr, "grpc: ", 0))               // before
	clientv3.SetLogger(grpclog.NewLoggerV2(os.Stderr, os.Stderr, os.Stderr)) // after`

// New returns a new setlogger analyzer.
func New(env lint.Env) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "setlogger",
		Doc:              doc,
		URL:              lint.RuleURL(Rule),
		Requires:         env.Requires(),
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return nil, run(pass, env) },
	}
}

// loggerV2Methods are methods grpclog.LoggerV2 has and grpclog.Logger and
// *log.Logger lack.
var loggerV2Methods = []string{"Info", "Warning", "Error", "V"}

func run(pass *analysis.Pass, env lint.Env) error {
	p := lint.New(pass, env, Rule)
	if p == nil {
		return nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		call := n.(*ast.CallExpr)
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "SetLogger" || len(call.Args) != 1 {
			return true
		}
		file := stack[0].(*ast.File)
		canon, _, syntax, ok := p.PkgMember(file, sel)
		if !ok || canon != "clientv3" {
			return true
		}
		arg := call.Args[0]
		t := pass.TypesInfo.TypeOf(arg)
		if t == nil || isLoggerV2(t) {
			return true
		}
		f := lint.Finding{
			Rule:    p.Rule(Rule),
			Node:    arg,
			Message: "clientv3.SetLogger takes a grpclog.LoggerV2 from etcd 3.2.10, not " + types.TypeString(t, func(p *types.Package) string { return p.Name() }),
			Advice:  "pass grpclog.NewLoggerV2(w, w, w)",
			Syntax:  syntax,
		}
		if w, ok := logNewWriter(p, arg); ok {
			name, edits := p.AddImport(file, "google.golang.org/grpc/grpclog")
			w := p.Src(w)
			f.Fixes = []analysis.SuggestedFix{{
				Message:   "Replace log.New with grpclog.NewLoggerV2",
				TextEdits: append(edits, lint.Replace(arg, name+".NewLoggerV2("+w+", "+w+", "+w+")")),
			}}
		}
		p.Report(f)
		return true
	})
	return nil
}

func isLoggerV2(t types.Type) bool {
	if b, ok := t.(*types.Basic); ok && b.Kind() == types.UntypedNil {
		return true
	}
	for _, m := range loggerV2Methods {
		if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, m); obj == nil {
			return false
		} else if _, isFunc := obj.(*types.Func); !isFunc {
			return false
		}
	}
	return true
}

// logNewWriter returns w of a log.New(w, prefix, flags) call when w is
// simple enough to repeat (an identifier or a selector).
func logNewWriter(p *lint.Pass, e ast.Expr) (ast.Expr, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 3 {
		return nil, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	fn, ok := p.TypesInfo.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "log" || fn.Name() != "New" {
		return nil, false
	}
	switch w := ast.Unparen(call.Args[0]).(type) {
	case *ast.Ident:
		return w, true
	case *ast.SelectorExpr:
		if _, ok := w.X.(*ast.Ident); ok {
			return w, true
		}
	}
	return nil, false
}
