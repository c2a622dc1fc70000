// Package typechanges defines an analyzer that reports uses of clientv3
// types whose representation changes in etcd 3.7: Cmp becomes a struct
// wrapping *pb.Compare, and WatchResponse.Header becomes a pointer.
package typechanges

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
)

// Rules this analyzer reports.
const (
	Cmp    = "EC3703"
	Header = "EC3704"
	Event  = "EC3705"
	Chans  = "EC3709"
)

const doc = `report clientv3.Cmp and WatchResponse.Header uses 3.7 breaks

From 3.7 clientv3.Cmp is a struct wrapping *pb.Compare, so conversions
between Cmp and pb.Compare and access to its fields break (EC3703), and
WatchResponse.Header is a *pb.ResponseHeader, nil in a zero WatchResponse
(EC3704); clientv3.Event becomes an alias of mvccpb.Event, so a type
switch with a case for each no longer compiles (EC3705);
concurrency.(*Election).Observe and mirror.Syncer.SyncBase return
<-chan *clientv3.GetResponse, so channels declared with GetResponse values
no longer match (EC3709):

	pbc := (*pb.Compare)(&cmp)        // before
	pbc := cmp.GetCompare()           // after

	var h pb.ResponseHeader = wr.Header   // before
	rev := wr.Header.GetRevision()        // after (nil-safe)

	var ch <-chan clientv3.GetResponse = e.Observe(ctx)    // before
	var ch <-chan *clientv3.GetResponse = e.Observe(ctx)   // after`

// New returns a new typechanges analyzer.
func New(env lint.Env) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "typechanges",
		Doc:              doc,
		URL:              lint.RuleURL(Cmp),
		Requires:         env.Requires(),
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return nil, run(pass, env) },
	}
}

func run(pass *analysis.Pass, env lint.Env) error {
	p := lint.New(pass, env, Cmp, Header, Event, Chans)
	if p == nil {
		return nil
	}
	is := func(t types.Type, canon, name string) bool {
		c, n, ok := p.NamedOf(t)
		return ok && c == canon && n == name
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	valueChan := func(t types.Type) bool {
		ch, ok := types.Unalias(t).Underlying().(*types.Chan)
		if !ok || !is(ch.Elem(), "clientv3", "GetResponse") {
			return false
		}
		_, isPtr := types.Unalias(ch.Elem()).(*types.Pointer)
		return !isPtr
	}
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil), (*ast.TypeSwitchStmt)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		switch n := n.(type) {
		case *ast.TypeSwitchStmt:
			typeSwitch(p, n, is)
		case *ast.CallExpr:
			if r := p.Rule(Chans); r != nil && callsValueChanAPI(p, n) {
				// The channel is taken where its element type is spelled:
				// that line stops compiling.
				if t := expectedType(p, n, stack); t != nil && valueChan(t) {
					p.Report(lint.Finding{Rule: r, Node: n,
						Message: "Election.Observe and Syncer.SyncBase return <-chan *clientv3.GetResponse from etcd 3.7",
						Advice:  "declare the channel with *clientv3.GetResponse elements"})
				}
			}
			// A conversion between clientv3.Cmp and pb.Compare.
			tv, ok := pass.TypesInfo.Types[n.Fun]
			if !ok || !tv.IsType() || len(n.Args) != 1 {
				return true
			}
			from := pass.TypesInfo.TypeOf(n.Args[0])
			if is(tv.Type, "etcdserver/etcdserverpb", "Compare") && is(from, "clientv3", "Cmp") ||
				is(tv.Type, "clientv3", "Cmp") && is(from, "etcdserver/etcdserverpb", "Compare") {
				if r := p.Rule(Cmp); r != nil {
					p.Report(lint.Finding{Rule: r, Node: n,
						Message: "clientv3.Cmp is a struct wrapping *pb.Compare from etcd 3.7: the conversion no longer compiles",
						Advice:  "use cmp.GetCompare() or clientv3.FromCompare"})
				}
			}
		case *ast.SelectorExpr:
			sel := pass.TypesInfo.Selections[n]
			if sel == nil || sel.Kind() != types.FieldVal {
				return true
			}
			xt := pass.TypesInfo.TypeOf(n.X)
			switch {
			case is(xt, "clientv3", "Cmp"):
				if r := p.Rule(Cmp); r != nil {
					p.Report(lint.Finding{Rule: r, Node: n.Sel,
						Message: "clientv3.Cmp has no field " + n.Sel.Name + " from etcd 3.7 (it wraps *pb.Compare)",
						Advice:  "use cmp.GetCompare()." + n.Sel.Name})
				}
			case is(xt, "clientv3", "WatchResponse") && n.Sel.Name == "Header":
				if _, isPtr := types.Unalias(sel.Type()).(*types.Pointer); isPtr {
					return true // already a pointer: migrated
				}
				if parent, ok := stack[len(stack)-2].(*ast.SelectorExpr); ok && parent.X == n {
					// wr.Header.Revision still compiles; it panics only on a
					// zero WatchResponse.
					return true
				}
				if r := p.Rule(Header); r != nil {
					p.Report(lint.Finding{Rule: r, Node: n,
						Message: "clientv3.WatchResponse.Header is a *pb.ResponseHeader from etcd 3.7, nil in a zero WatchResponse",
						Advice:  "use it as a pointer and check it for nil, or call wr.Header.GetRevision()"})
				}
			}
		}
		return true
	})
	return nil
}

// typeSwitch reports a type switch with cases for both clientv3.Event and
// mvccpb.Event (or both pointers), duplicates once Event is an alias.
func typeSwitch(p *lint.Pass, sw *ast.TypeSwitchStmt, is func(types.Type, string, string) bool) {
	r := p.Rule(Event)
	if r == nil {
		return
	}
	type seen struct{ client, mvcc ast.Expr }
	var byPtr [2]seen
	for _, s := range sw.Body.List {
		for _, e := range s.(*ast.CaseClause).List {
			t := p.TypesInfo.TypeOf(e)
			if t == nil {
				continue
			}
			ptr := 0
			if _, ok := types.Unalias(t).(*types.Pointer); ok {
				ptr = 1
			}
			switch {
			case is(t, "clientv3", "Event"):
				byPtr[ptr].client = e
			case is(t, "mvcc/mvccpb", "Event"):
				byPtr[ptr].mvcc = e
			}
		}
	}
	for _, s := range byPtr {
		if s.client == nil || s.mvcc == nil {
			continue
		}
		// The compiler reports the later of the two cases.
		node, other := s.client, "mvccpb.Event"
		if s.mvcc.Pos() > s.client.Pos() {
			node, other = s.mvcc, "clientv3.Event"
		}
		p.Report(lint.Finding{Rule: r, Node: node,
			Message: "clientv3.Event is an alias of mvccpb.Event from etcd 3.7: this case duplicates the " + other + " one",
			Advice:  "keep one of the two cases"})
	}
}

// callsValueChanAPI reports whether call calls Election.Observe or
// Syncer.SyncBase, whose channels change element type in 3.7.
func callsValueChanAPI(p *lint.Pass, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Observe" && sel.Sel.Name != "SyncBase" {
		return false
	}
	fn, ok := p.TypesInfo.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	c, _ := p.Canonical(fn.Pkg().Path())
	return c == "clientv3/concurrency" || c == "clientv3/mirror"
}

// expectedType returns the type the context of expression e (the last
// node of stack) converts it to: the variable, field, element, parameter
// or result it is assigned to. It returns nil where the type is inferred
// (:=, range, an untyped var).
func expectedType(p *lint.Pass, e ast.Expr, stack []ast.Node) types.Type {
	if len(stack) < 2 {
		return nil
	}
	switch parent := stack[len(stack)-2].(type) {
	case *ast.AssignStmt:
		if parent.Tok == token.ASSIGN && len(parent.Lhs) == len(parent.Rhs) {
			for i, r := range parent.Rhs {
				if r == e {
					return p.TypesInfo.TypeOf(parent.Lhs[i])
				}
			}
		}
	case *ast.ValueSpec:
		if parent.Type != nil {
			return p.TypesInfo.TypeOf(parent.Type)
		}
	case *ast.KeyValueExpr:
		if len(stack) >= 3 && parent.Value == e {
			if lit, ok := stack[len(stack)-3].(*ast.CompositeLit); ok {
				if k, ok := parent.Key.(*ast.Ident); ok {
					if v, ok := p.TypesInfo.Uses[k].(*types.Var); ok && v.IsField() {
						return v.Type()
					}
				}
				if m, ok := types.Unalias(p.TypesInfo.TypeOf(lit)).Underlying().(*types.Map); ok {
					return m.Elem()
				}
			}
		}
	case *ast.CompositeLit:
		switch u := types.Unalias(p.TypesInfo.TypeOf(parent)).Underlying().(type) {
		case *types.Slice:
			return u.Elem()
		case *types.Array:
			return u.Elem()
		case *types.Struct:
			for i, elt := range parent.Elts {
				if elt == e && i < u.NumFields() {
					return u.Field(i).Type()
				}
			}
		}
	case *ast.CallExpr:
		sig, ok := types.Unalias(p.TypesInfo.TypeOf(parent.Fun)).Underlying().(*types.Signature)
		if !ok {
			return nil
		}
		for i, arg := range parent.Args {
			if arg != e {
				continue
			}
			switch {
			case sig.Variadic() && i >= sig.Params().Len()-1:
				if parent.Ellipsis.IsValid() {
					return nil
				}
				return sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice).Elem()
			case i < sig.Params().Len():
				return sig.Params().At(i).Type()
			}
		}
	case *ast.ReturnStmt:
		for i := len(stack) - 3; i >= 0; i-- {
			var sig *types.Signature
			switch f := stack[i].(type) {
			case *ast.FuncDecl:
				if obj, ok := p.TypesInfo.Defs[f.Name].(*types.Func); ok {
					sig = obj.Signature()
				}
			case *ast.FuncLit:
				sig, _ = p.TypesInfo.TypeOf(f).(*types.Signature)
			default:
				continue
			}
			if sig == nil || sig.Results().Len() != len(parent.Results) {
				return nil
			}
			for j, r := range parent.Results {
				if r == e {
					return sig.Results().At(j).Type()
				}
			}
			return nil
		}
	}
	return nil
}
