// Package grpcerrors defines an analyzer that reports comparisons with gRPC
// sentinel errors that etcd's client no longer returns: the error check
// still compiles, but silently never matches.
package grpcerrors

import (
	"go/ast"
	"go/token"
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
	Timeout = "EC3202" // grpc.ErrClientConnTimeout, 3.2.10
	Closing = "EC3403" // grpc.ErrClientConnClosing, 3.4
	Unknown = "EC3507" // codes.Unknown for context errors, 3.5
)

const doc = `report gRPC errors etcd's client no longer returns

From 3.2.10 clientv3.New returns context.DeadlineExceeded when the dial
times out, never grpc.ErrClientConnTimeout (EC3202); from 3.4 (and 3.3.14)
a closed client yields a Canceled status, never grpc.ErrClientConnClosing
(EC3403); from 3.5 cancelled and timed-out contexts surface as
codes.Canceled and codes.DeadlineExceeded, not codes.Unknown (EC3507).
Comparisons with the old values compile and never match:

	if err == grpc.ErrClientConnTimeout {     // before
	if err == context.DeadlineExceeded {      // after

	if err == grpc.ErrClientConnClosing {     // before
	if clientv3.IsConnCanceled(err) {         // after

	if status.Code(err) == codes.Unknown {    // before: a timed-out context
	if status.Code(err) == codes.DeadlineExceeded {  // after`

// New returns a new grpcerrors analyzer.
func New(env lint.Env) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "grpcerrors",
		Doc:              doc,
		URL:              lint.RuleURL(Timeout),
		Requires:         env.Requires(),
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return nil, run(pass, env) },
	}
}

const grpcPath = "google.golang.org/grpc"

func run(pass *analysis.Pass, env lint.Env) error {
	p := lint.New(pass, env, Timeout, Closing, Unknown)
	if p == nil || !p.UsesEtcd() {
		return nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if r := p.Rule(Unknown); r != nil {
		unknownCode(p, ins, r)
	}
	// Collect the uses per file first: a fix that replaces every use of
	// grpc in a file also drops the import.
	type use struct {
		sel    *ast.SelectorExpr
		name   string
		stack  []ast.Node
		syntax bool
	}
	uses := map[*ast.File][]use{}
	ins.WithStack([]ast.Node{(*ast.SelectorExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		sel := n.(*ast.SelectorExpr)
		name := sel.Sel.Name
		if name != "ErrClientConnTimeout" && name != "ErrClientConnClosing" {
			return true
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		file := stack[0].(*ast.File)
		syntax := false
		if obj := pass.TypesInfo.Uses[sel.Sel]; obj != nil {
			if obj.Pkg() == nil || etcdpath.StripVendor(obj.Pkg().Path()) != grpcPath {
				return true
			}
		} else {
			path, syn, ok := p.ImportedPath(file, x)
			if !ok || etcdpath.StripVendor(path) != grpcPath {
				return true
			}
			syntax = syn
		}
		uses[file] = append(uses[file], use{sel, name, append([]ast.Node(nil), stack...), syntax})
		return true
	})
	for file, us := range uses {
		// Does every use of the grpc package name in this file go away?
		var pn *types.PkgName
		total := 0
		for id, obj := range pass.TypesInfo.Uses {
			if q, ok := obj.(*types.PkgName); ok && etcdpath.StripVendor(q.Imported().Path()) == grpcPath && file.FileStart <= id.Pos() && id.Pos() <= file.FileEnd {
				pn, total = q, total+1
			}
		}
		fixable := 0
		for _, u := range us {
			switch {
			case u.name == "ErrClientConnTimeout":
				if p.Rule(Timeout) != nil && !p.Suppressed(u.sel.Pos(), Timeout) {
					fixable++
				}
			case p.Rule(Closing) != nil && hasClientv3(p, file):
				if bin, _, ok := closingCompare(u.stack); ok && !p.Suppressed(bin.Pos(), Closing) {
					fixable++
				}
			}
		}
		var dropGRPC []analysis.TextEdit
		if pn != nil && fixable == total {
			if spec := p.ImportSpecOf(file, pn); spec != nil {
				dropGRPC = []analysis.TextEdit{p.RemoveImport(file, spec)}
			}
		}
		for _, u := range us {
			if u.name == "ErrClientConnTimeout" {
				name, edits := p.AddImport(file, "context")
				edits = append(edits, lint.Replace(u.sel, name+".DeadlineExceeded"))
				p.Report(lint.Finding{
					Rule:    p.Rule(Timeout),
					Node:    u.sel,
					Message: "grpc.ErrClientConnTimeout is never returned by clientv3 3.2.10+",
					Advice:  "compare with context.DeadlineExceeded",
					Syntax:  u.syntax,
					Fixes: []analysis.SuggestedFix{{
						Message:   "Replace grpc.ErrClientConnTimeout with context.DeadlineExceeded",
						TextEdits: append(edits, dropGRPC...),
					}},
				})
				continue
			}
			f := lint.Finding{
				Rule:    p.Rule(Closing),
				Node:    u.sel,
				Message: "grpc.ErrClientConnClosing is never returned by clientv3 3.4+",
				Advice:  "use clientv3.IsConnCanceled(err) or check for status code Canceled",
				Syntax:  u.syntax,
			}
			if bin, other, ok := closingCompare(u.stack); ok {
				if name, ok := clientv3Name(p, file); ok {
					call := name + ".IsConnCanceled(" + p.Src(other) + ")"
					if bin.Op == token.NEQ {
						call = "!" + call
					}
					f.Node = bin
					f.Fixes = []analysis.SuggestedFix{{
						Message:   "Replace the comparison with clientv3.IsConnCanceled",
						TextEdits: append([]analysis.TextEdit{lint.Replace(bin, call)}, dropGRPC...),
					}}
				}
			}
			p.Report(f)
		}
	}
	return nil
}

// closingCompare returns the == or != comparison the selector (last on the
// stack) is an operand of, and the other operand.
func closingCompare(stack []ast.Node) (*ast.BinaryExpr, ast.Expr, bool) {
	if len(stack) < 2 {
		return nil, nil, false
	}
	sel := stack[len(stack)-1]
	bin, ok := stack[len(stack)-2].(*ast.BinaryExpr)
	if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
		return nil, nil, false
	}
	if bin.X == sel {
		return bin, bin.Y, true
	}
	return bin, bin.X, true
}

func hasClientv3(p *lint.Pass, file *ast.File) bool {
	_, ok := clientv3Name(p, file)
	return ok
}

// clientv3Name returns the name file imports clientv3 under.
func clientv3Name(p *lint.Pass, file *ast.File) (string, bool) {
	for _, spec := range file.Imports {
		path := lint.PathOf(spec)
		if c, ok := p.Canonical(path); ok && c == "clientv3" {
			n := lint.LocalName(spec, path)
			return n, n != "_" && n != "."
		}
	}
	return "", false
}

// unknownCode reports comparisons with codes.Unknown (==, !=, case).
func unknownCode(p *lint.Pass, ins *inspector.Inspector, r *rules.Rule) {
	isUnknown := func(e ast.Expr) bool {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Unknown" {
			return false
		}
		obj := p.TypesInfo.Uses[sel.Sel]
		return obj != nil && obj.Pkg() != nil && etcdpath.StripVendor(obj.Pkg().Path()) == "google.golang.org/grpc/codes"
	}
	report := func(n ast.Node) {
		p.Report(lint.Finding{Rule: r, Node: n,
			Message: "clientv3 reports cancelled and timed-out contexts as codes.Canceled and codes.DeadlineExceeded from etcd 3.5, not codes.Unknown",
			Advice:  "check for those codes (or context.Canceled and context.DeadlineExceeded) too"})
	}
	ins.Preorder([]ast.Node{(*ast.BinaryExpr)(nil), (*ast.CaseClause)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if (n.Op == token.EQL || n.Op == token.NEQ) && (isUnknown(n.X) || isUnknown(n.Y)) {
				report(n)
			}
		case *ast.CaseClause:
			for _, e := range n.List {
				if isUnknown(e) {
					report(e)
				}
			}
		}
	})
}
