package ifacemethods

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
)

// ServerInterface reports whether canon.name is one of the etcdserverpb
// gRPC server interfaces that 3.7 closes to implementations without an
// embedded Unimplemented server (EC3707): this analyzer reports the
// conversions of such implementations, with the rule's advice.
func ServerInterface(canon, name string) bool {
	return serverIface(canon, name) != nil
}

func serverIface(canon, name string) *iface {
	for i := range serverIfaces {
		if serverIfaces[i].canon == canon && serverIfaces[i].name == name {
			return &serverIfaces[i]
		}
	}
	return nil
}

// serverConversions reports every place where a value of a concrete type
// that does not embed Unimplemented<X>Server is converted to the
// etcdserverpb server interface X: assignment, variable declaration,
// argument (RegisterXServer among them), return, composite-literal
// element or field, explicit conversion, type assertion and type switch
// case. From 3.7 the compiler rejects each of them.
func serverConversions(p *lint.Pass) {
	ins := p.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	info := p.TypesInfo
	seen := map[ast.Node]bool{}
	convert := func(val ast.Expr, target types.Type) {
		tv, ok := info.Types[val]
		if !ok || tv.Type == nil || tv.IsNil() || types.IsInterface(tv.Type) {
			return
		}
		reportServer(p, seen, val, tv.Type, target)
	}
	ins.WithStack(nil, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE || len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, lhs := range n.Lhs {
				convert(n.Rhs[i], info.TypeOf(lhs))
			}
		case *ast.ValueSpec:
			if n.Type == nil || len(n.Values) != len(n.Names) {
				return true
			}
			for _, v := range n.Values {
				convert(v, info.TypeOf(n.Type))
			}
		case *ast.CallExpr:
			sig, ok := types.Unalias(info.TypeOf(n.Fun)).(*types.Signature)
			if !ok {
				if tv, ok := info.Types[n.Fun]; ok && tv.IsType() && len(n.Args) == 1 {
					convert(n.Args[0], tv.Type)
				}
				return true
			}
			params := sig.Params()
			for i, arg := range n.Args {
				switch {
				case sig.Variadic() && i >= params.Len()-1:
					if !n.Ellipsis.IsValid() {
						convert(arg, params.At(params.Len()-1).Type().(*types.Slice).Elem())
					}
				case i < params.Len():
					convert(arg, params.At(i).Type())
				}
			}
		case *ast.ReturnStmt:
			if sig := enclosingSignature(info, stack); sig != nil && sig.Results().Len() == len(n.Results) {
				for i, r := range n.Results {
					convert(r, sig.Results().At(i).Type())
				}
			}
		case *ast.CompositeLit:
			literal(info, n, convert)
		case *ast.TypeAssertExpr:
			if n.Type != nil {
				if t := info.TypeOf(n.Type); t != nil && !types.IsInterface(t) {
					reportServer(p, seen, n.Type, t, info.TypeOf(n.X))
				}
			}
		case *ast.TypeSwitchStmt:
			var x ast.Expr
			switch s := n.Assign.(type) {
			case *ast.AssignStmt:
				if ta, ok := s.Rhs[0].(*ast.TypeAssertExpr); ok && len(s.Rhs) == 1 {
					x = ta.X
				}
			case *ast.ExprStmt:
				if ta, ok := s.X.(*ast.TypeAssertExpr); ok {
					x = ta.X
				}
			}
			if x == nil {
				return true
			}
			for _, stmt := range n.Body.List {
				if cc, ok := stmt.(*ast.CaseClause); ok {
					for _, e := range cc.List {
						if tv, ok := info.Types[e]; ok && tv.IsType() && !types.IsInterface(tv.Type) {
							reportServer(p, seen, e, tv.Type, info.TypeOf(x))
						}
					}
				}
			}
		}
		return true
	})
}

// enclosingSignature returns the signature of the innermost function
// around the top of stack.
func enclosingSignature(info *types.Info, stack []ast.Node) *types.Signature {
	for i := len(stack) - 1; i >= 0; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncDecl:
			if obj, ok := info.Defs[f.Name].(*types.Func); ok {
				return obj.Signature()
			}
			return nil
		case *ast.FuncLit:
			sig, _ := info.TypeOf(f).(*types.Signature)
			return sig
		}
	}
	return nil
}

// literal converts the elements of a composite literal to its element
// or field types.
func literal(info *types.Info, lit *ast.CompositeLit, convert func(ast.Expr, types.Type)) {
	t := info.TypeOf(lit)
	if t == nil {
		return
	}
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	var elem types.Type
	switch u := t.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		elem = u.Elem()
	case *types.Struct:
		for i, elt := range lit.Elts {
			val, field := elt, (*types.Var)(nil)
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				val = kv.Value
				if k, ok := kv.Key.(*ast.Ident); ok {
					field, _ = info.Uses[k].(*types.Var)
				}
			} else if i < u.NumFields() {
				field = u.Field(i)
			}
			if field != nil {
				convert(val, field.Type())
			}
		}
		return
	}
	if elem == nil {
		return
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			elt = kv.Value
		}
		convert(elt, elem)
	}
}

// reportServer reports node, a value of type t converted to target, when
// target is an etcdserverpb server interface and t a user type that does
// not get the 3.7 methods by embedding.
func reportServer(p *lint.Pass, seen map[ast.Node]bool, node ast.Node, t, target types.Type) {
	if target == nil || seen[node] {
		return
	}
	named, ok := types.Unalias(target).(*types.Named)
	if !ok {
		return
	}
	canon, name, ok := p.NamedOf(named)
	if !ok {
		return
	}
	ifc := serverIface(canon, name)
	if ifc == nil {
		return
	}
	if _, _, etcd := p.NamedOf(t); etcd {
		return // etcd's own servers follow the interface
	}
	if getsServerMethods(p, t, name, 0) {
		return
	}
	seen[node] = true
	gains := append(append([]string(nil), ifc.gains...), "mustEmbedUnimplemented"+name)
	p.Report(lint.Finding{
		Rule:    p.Rule("EC3707"),
		Node:    node,
		Message: fmt.Sprintf("%s no longer implements etcdserverpb.%s: the interface gains %s in etcd 3.7", types.TypeString(t, qualifier(p)), name, strings.Join(gains, " and ")),
		Advice:  fmt.Sprintf("embed etcdserverpb.Unimplemented%s in %s", name, baseName(t, p)),
	})
}

// getsServerMethods reports whether t has the methods 3.7 adds to the
// server interface name through an embedded field, at any depth: the
// Unimplemented or Unsafe server or the interface itself.
func getsServerMethods(p *lint.Pass, t types.Type, name string, depth int) bool {
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || depth > 5 {
		return false
	}
	for f := range st.Fields() {
		if !f.Embedded() {
			continue
		}
		if canon, n, etcd := p.NamedOf(f.Type()); etcd {
			if canon == "etcdserver/etcdserverpb" && (n == name || n == "Unimplemented"+name || n == "Unsafe"+name) {
				return true
			}
			continue
		}
		if getsServerMethods(p, f.Type(), name, depth+1) {
			return true
		}
	}
	return false
}

func qualifier(p *lint.Pass) types.Qualifier {
	return func(pkg *types.Package) string {
		if pkg == p.Pkg {
			return ""
		}
		return pkg.Name()
	}
}

// baseName is t's type name without a pointer.
func baseName(t types.Type, p *lint.Pass) string {
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	return types.TypeString(t, qualifier(p))
}
