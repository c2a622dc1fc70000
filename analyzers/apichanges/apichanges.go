// Package apichanges defines an analyzer that reports uses of exported
// etcd names that the generated API change table (the catalog's
// api-changes.toml, read from etcd's own modules) marks as removed or
// changed between the code's etcd version and the target, and concrete
// types converted to etcd interfaces that gain methods they lack.
package apichanges

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
	"github.com/etcdlint/etcdlint/rules"
)

const doc = `report etcd names the generated API table marks changed

The catalog's API change table is generated from the exported
declarations of etcd's modules at consecutive releases. Every use of a
name it lists, however the code reaches it (a qualified name, a dot
import, an alias, a function or method value, a promoted field or method
of an embedded struct, a package-level initialiser), is reported when the
change lands after the code's etcd version and at or before the target:

	etcdserver.ErrStopped           // removed in 3.5.0
	s.ID()                          // EtcdServer.ID changes signature in 3.6.0
	newConfig().ElectionTicks()     // pointer receiver from 3.6.0: not addressable

A concrete type converted to an etcd interface that gains methods, or to
an interface of the code's own that embeds one (by assignment, argument,
return, composite-literal field or type assertion), is reported at the
conversion unless the type already has the methods (e.g. by embedding the
interface). A call whose argument is of a type the target moves to
another package, as the parameter's type does, is left to the findings at
that type's mentions: once they name the new package the call compiles.
Names other analyzers cover with specific advice are left to them.`

// Rule returns the rule ID of the release line v belongs to.
func Rule(v rules.Version) string { return fmt.Sprintf("EC%d%d20", v.Major, v.Minor) }

// Rules returns the rules this analyzer reports.
func Rules() []string {
	var ids []string
	for m := 1; m <= 7; m++ {
		ids = append(ids, fmt.Sprintf("EC3%d20", m))
	}
	return ids
}

// Handled reports whether another analyzer reports the change itself
// (applies says which rules apply between the versions checked); set by
// the suite.
type Handled func(c rules.APIChange, applies func(id string) bool) bool

// New returns a new apichanges analyzer; names for which handled returns
// true are left to the analyzers that cover them.
func New(env lint.Env, handled Handled) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "apichanges",
		Doc:              doc,
		URL:              lint.RuleURL("EC3720"),
		Requires:         env.Requires(),
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return nil, run(pass, env, handled) },
	}
}

func key(canon, typ, name string) string { return canon + "\x00" + typ + "\x00" + name }

// applicable indexes the table entries that land between the versions.
func applicable(p *lint.Pass, handled Handled) map[string][]rules.APIChange {
	idx := map[string][]rules.APIChange{}
	for _, c := range p.V.Catalog.APIChanges() {
		if !p.V.From.Less(c.Lands()) || p.V.Target.Less(c.Lands()) {
			continue
		}
		if handled != nil && handled(c, func(id string) bool { return p.Rule(id) != nil }) {
			continue
		}
		if !Breaks(c) {
			continue
		}
		k := key(c.Package, c.Type, c.Name)
		idx[k] = append(idx[k], c)
	}
	return idx
}

// Breaks reports whether code using the name as it was declared in Prev
// can stop compiling: not for a method that becomes an interface method
// with the same signature, a type that becomes an alias, or a receiver
// that becomes a value.
func Breaks(c rules.APIChange) bool {
	switch c.Change {
	case rules.APIReceiver:
		return strings.HasPrefix(c.New, "ptr ")
	case rules.APIChanged:
		if c.Kind == "method" && strings.TrimPrefix(c.New, "imethod ") == strip(c.Old) {
			return false
		}
		if widened(c.Old, c.New) {
			return false
		}
		if c.Kind == "type" && strings.HasPrefix(c.New, "alias ") {
			return false // the name stays usable; its members are compared with the type it now names
		}
		if old, new := strip(c.Old), strip(c.New); old != new && strings.EqualFold(old, new) {
			return false // an unexported type exported (stmOption -> STMOption): code never named it
		}
		if c.Kind == "type" && strings.HasPrefix(c.Old, "func(") && mentionsUnexported(c.Old) {
			return false // a func type over an unexported type: only the package makes values of it
		}
	}
	return true
}

func run(pass *analysis.Pass, env lint.Env, handled Handled) error {
	p := lint.NewVersioned(pass, env)
	if p == nil {
		return nil
	}
	idx := applicable(p, handled)
	if len(idx) == 0 {
		return nil
	}
	a := &checker{p: p, idx: idx, seen: map[ast.Node]bool{}, called: map[ast.Node]bool{}, inferred: map[ast.Node]bool{}}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	a.compatible(ins)
	ins.WithStack(nil, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		if len(stack) >= 2 && inferredValue(n, stack[len(stack)-2]) {
			a.inferred[n] = true
			if sel, ok := n.(*ast.SelectorExpr); ok {
				a.inferred[sel.Sel] = true
			}
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if len(stack) >= 2 {
				if call, ok := stack[len(stack)-2].(*ast.CallExpr); ok && ast.Unparen(call.Fun) == n {
					a.called[n] = true
				}
			}
			a.selector(stack[0].(*ast.File), n)
		case *ast.Ident:
			a.ident(n, stack)
		case *ast.CompositeLit:
			a.compositeLit(n)
		case *ast.AssignStmt:
			a.assign(n)
		case *ast.ValueSpec:
			a.valueSpec(n)
		case *ast.CallExpr:
			a.call(n)
		case *ast.ReturnStmt:
			a.ret(n, stack)
		case *ast.TypeAssertExpr:
			a.assert(n)
		case *ast.TypeSwitchStmt:
			a.typeSwitch(n)
		}
		return true
	})
	return nil
}

type checker struct {
	p    *lint.Pass
	idx  map[string][]rules.APIChange
	seen map[ast.Node]bool
	// called holds the selectors that are the function of a call.
	called map[ast.Node]bool
	// inferred holds the expressions that initialise a variable of
	// inferred type (f := raft.IsEmptySnap): a changed signature still
	// compiles there.
	inferred map[ast.Node]bool
	// rangeField maps range variables to the field ranged over;
	// compatUses counts their uses as arguments compatibleCall accepts.
	rangeField map[types.Object]*ast.SelectorExpr
	compatUses map[types.Object]int
}

func (a *checker) first(canon, typ, name string, kinds ...rules.APIChangeKind) (rules.APIChange, *rules.Rule, bool) {
	for _, c := range a.idx[key(canon, typ, name)] {
		if len(kinds) > 0 && !slices.Contains(kinds, c.Change) {
			continue
		}
		if c.Change == rules.APIGained {
			continue
		}
		if r := a.p.V.Catalog.Rule(Rule(c.Since)); r != nil {
			return c, r, true
		}
	}
	return rules.APIChange{}, nil, false
}

func (a *checker) report(node ast.Node, c rules.APIChange, r *rules.Rule, syntax bool) {
	if a.seen[node] {
		return
	}
	if c.Change == rules.APIChanged && (c.Kind == "func" || c.Kind == "method") && a.inferred[node] {
		return // a function value of inferred type: its calls are checked where they are made
	}
	a.seen[node] = true
	name := lint.DefaultName(c.Package) + "." + c.Member()
	since := sinceText(c)
	var msg, advice string
	switch c.Change {
	case rules.APIRemoved:
		msg = fmt.Sprintf("%s %s is removed in etcd %s", c.Kind, name, since)
	case rules.APIReceiver:
		msg = fmt.Sprintf("method %s has a pointer receiver from etcd %s and is called on a value that is not addressable", name, since)
		advice = "store the value in a variable first, or use a pointer"
	default:
		msg = fmt.Sprintf("%s %s changes from %s to %s in etcd %s", c.Kind, name, strip(c.Old), strip(c.New), since)
	}
	if advice == "" {
		advice = "see the etcd " + c.Since.MinorLine().String() + " changelog for the replacement"
	}
	a.p.Report(lint.Finding{Rule: r, Node: node, Message: msg, Advice: advice, Syntax: syntax})
}

// builtinTypes are the predeclared type names and keywords a declaration
// string may hold.
var builtinTypes = map[string]bool{"bool": true, "byte": true, "rune": true, "string": true, "error": true, "any": true,
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "uint": true, "uint8": true, "uint16": true,
	"uint32": true, "uint64": true, "uintptr": true, "float32": true, "float64": true, "complex64": true, "complex128": true,
	"func": true, "chan": true, "map": true, "struct": true, "interface": true, "comparable": true}

// mentionsUnexported reports whether the declaration string names an
// unexported type of the package itself: an identifier that starts in
// lower case, is not predeclared and neither qualifies nor is qualified
// (context.Context, go.uber.org/zap.Logger).
func mentionsUnexported(decl string) bool {
	isWord := func(r byte) bool {
		return r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	for i := 0; i < len(decl); {
		if !isWord(decl[i]) {
			i++
			continue
		}
		j := i
		for j < len(decl) && isWord(decl[j]) {
			j++
		}
		word := decl[i:j]
		qualified := i > 0 && (decl[i-1] == '.' || decl[i-1] == '/')
		qualifies := j < len(decl) && (decl[j] == '.' || decl[j] == '/')
		if !qualified && !qualifies && 'a' <= word[0] && word[0] <= 'z' && !builtinTypes[word] {
			return true
		}
		i = j
	}
	return false
}

func strip(s string) string {
	return strings.TrimPrefix(strings.TrimPrefix(s, "ptr "), "val ")
}

// canonObj returns the canonical package of an etcd package-level object.
func (a *checker) canonObj(obj types.Object) (string, bool) {
	if obj == nil || obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
		return "", false
	}
	return a.p.Canonical(obj.Pkg().Path())
}

// ident reports package-level names reached without a qualifier (dot
// imports) and every qualified use through its Sel identifier.
func (a *checker) ident(id *ast.Ident, stack []ast.Node) {
	obj := a.p.TypesInfo.Uses[id]
	if _, isPkg := obj.(*types.PkgName); isPkg || obj == nil {
		return
	}
	canon, ok := a.canonObj(obj)
	if !ok {
		return
	}
	if c, r, ok := a.first(canon, "", obj.Name(), rules.APIRemoved, rules.APIChanged); ok {
		var node ast.Node = id
		if len(stack) >= 2 {
			if sel, ok := stack[len(stack)-2].(*ast.SelectorExpr); ok && sel.Sel == id {
				node = sel
			}
		}
		a.report(node, c, r, false)
	}
}

// selector reports fields and methods, promoted ones included, and
// package-qualified names of packages that did not type-check.
func (a *checker) selector(file *ast.File, sel *ast.SelectorExpr) {
	if s, ok := a.p.TypesInfo.Selections[sel]; ok {
		owner, ok := a.owner(s)
		if !ok {
			return
		}
		canon, typ := owner[0], owner[1]
		if c, r, ok := a.first(canon, typ, sel.Sel.Name, rules.APIRemoved, rules.APIChanged); ok {
			a.report(sel.Sel, c, r, false)
			return
		}
		if c, r, ok := a.first(canon, typ, sel.Sel.Name, rules.APIReceiver); ok && s.Kind() != types.FieldVal && !addressable(a.p.TypesInfo, sel.X) {
			a.reportReceiver(sel, s.Kind(), c, r)
		}
		return
	}
	if a.p.TypesInfo.Uses[sel.Sel] != nil {
		return // resolved: ident handles it
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok || a.p.TypesInfo.Uses[x] != nil && !isPkgName(a.p.TypesInfo.Uses[x]) {
		return
	}
	canon, name, syntax, ok := a.p.PkgMember(file, sel)
	if !ok {
		return
	}
	if c, r, ok := a.first(canon, "", name, rules.APIRemoved, rules.APIChanged); ok {
		a.report(sel, c, r, syntax || a.p.TypeErrors)
	}
}

func isPkgName(obj types.Object) bool {
	_, ok := obj.(*types.PkgName)
	return ok
}

// owner returns the canonical package and name of the etcd type that
// declares the selected field or method.
func (a *checker) owner(s *types.Selection) ([2]string, bool) {
	if f, ok := s.Obj().(*types.Func); ok {
		recv := f.Signature().Recv()
		if recv == nil {
			return [2]string{}, false
		}
		canon, name, ok := a.p.NamedOf(recv.Type())
		return [2]string{canon, name}, ok
	}
	// A field: walk the embedding path to the struct that declares it.
	t := s.Recv()
	path := s.Index()
	for _, i := range path[:len(path)-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			return [2]string{}, false
		}
		t = st.Field(i).Type()
	}
	canon, name, ok := a.p.NamedOf(t)
	return [2]string{canon, name}, ok
}

func deref(t types.Type) types.Type {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		return types.Unalias(p.Elem())
	}
	return t
}

// reportReceiver reports a method that gains a pointer receiver, selected
// on a value that is not addressable: called, taken as a method value, or
// named in a method expression on the value type (T.M, which needs (*T).M
// once the receiver is a pointer).
func (a *checker) reportReceiver(sel *ast.SelectorExpr, kind types.SelectionKind, c rules.APIChange, r *rules.Rule) {
	if a.seen[sel] {
		return
	}
	if kind == types.MethodVal && a.called[sel] {
		a.report(sel, c, r, false)
		return
	}
	a.seen[sel] = true
	name := lint.DefaultName(c.Package) + "." + c.Member()
	msg := fmt.Sprintf("method value %s has a pointer receiver from etcd %s and is taken from a value that is not addressable", name, sinceText(c))
	advice := "store the value in a variable first, or use a pointer"
	if kind == types.MethodExpr {
		msg = fmt.Sprintf("method expression %s names the value type, but the method has a pointer receiver from etcd %s", name, sinceText(c))
		advice = "write (*" + lint.DefaultName(c.Package) + "." + c.Type + ")." + sel.Sel.Name + " and pass a pointer"
	}
	a.p.Report(lint.Finding{Rule: r, Node: sel, Message: msg, Advice: advice})
}

// addressable reports whether x is an addressable operand or a pointer.
func addressable(info *types.Info, x ast.Expr) bool {
	if _, isPtr := types.Unalias(info.TypeOf(x)).Underlying().(*types.Pointer); isPtr {
		return true
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		_, isVar := info.Uses[x].(*types.Var)
		if !isVar {
			_, isVar = info.Defs[x].(*types.Var)
		}
		return isVar
	case *ast.StarExpr:
		return true
	case *ast.SelectorExpr:
		if s, ok := info.Selections[x]; ok && s.Kind() == types.FieldVal {
			return addressable(info, x.X)
		}
		return false
	case *ast.IndexExpr:
		switch types.Unalias(info.TypeOf(x.X)).Underlying().(type) {
		case *types.Slice:
			return true
		case *types.Array:
			return addressable(info, x.X)
		}
		return false
	}
	return false
}

// compositeLit reports removed or changed fields set in a literal.
func (a *checker) compositeLit(lit *ast.CompositeLit) {
	a.literalConversions(lit)
	canon, typ, ok := a.p.NamedOf(a.p.TypesInfo.TypeOf(lit))
	if !ok {
		return
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		k, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		if c, r, ok := a.first(canon, typ, k.Name, rules.APIRemoved, rules.APIChanged); ok {
			a.report(k, c, r, false)
		}
	}
}

// literalConversions checks the elements of a literal converted to the
// element or field types.
func (a *checker) literalConversions(lit *ast.CompositeLit) {
	var elem types.Type
	switch u := deref(a.p.TypesInfo.TypeOf(lit)).Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		elem = u.Elem()
	}
	if elem != nil {
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			a.convert(elt, elem)
		}
		return
	}
	st, ok := deref(a.p.TypesInfo.TypeOf(lit)).Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, elt := range lit.Elts {
		var field *types.Var
		val := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			val = kv.Value
			if k, ok := kv.Key.(*ast.Ident); ok {
				if v, ok := a.p.TypesInfo.Uses[k].(*types.Var); ok {
					field = v
				}
			}
		} else if i < st.NumFields() {
			field = st.Field(i)
		}
		if field != nil {
			a.convert(val, field.Type())
		}
	}
}

func (a *checker) assign(as *ast.AssignStmt) {
	if len(as.Lhs) != len(as.Rhs) || as.Tok.String() == ":=" {
		return
	}
	for i, lhs := range as.Lhs {
		a.convert(as.Rhs[i], a.p.TypesInfo.TypeOf(lhs))
	}
}

func (a *checker) valueSpec(vs *ast.ValueSpec) {
	if vs.Type == nil || len(vs.Values) != len(vs.Names) {
		return
	}
	t := a.p.TypesInfo.TypeOf(vs.Type)
	for _, v := range vs.Values {
		a.convert(v, t)
	}
}

// inferredValue reports whether n is the value of a declaration whose
// variable takes its type (:= or var without a type).
func inferredValue(n, parent ast.Node) bool {
	switch parent := parent.(type) {
	case *ast.AssignStmt:
		return parent.Tok == token.DEFINE && containsExpr(parent.Rhs, n)
	case *ast.ValueSpec:
		return parent.Type == nil && containsExpr(parent.Values, n)
	}
	return false
}

func containsExpr(xs []ast.Expr, n ast.Node) bool {
	for _, x := range xs {
		if ast.Node(x) == n {
			return true
		}
	}
	return false
}

// compatible marks, before the package is walked, the calls that still
// compile although the function and its arguments change (see
// compatibleCall), and the fields ranged over whose range variable only
// goes to such calls.
func (a *checker) compatible(ins *inspector.Inspector) {
	a.rangeField = map[types.Object]*ast.SelectorExpr{}
	ins.Preorder([]ast.Node{(*ast.RangeStmt)(nil)}, func(n ast.Node) {
		rs := n.(*ast.RangeStmt)
		id, ok := rs.Value.(*ast.Ident)
		sel, isSel := ast.Unparen(rs.X).(*ast.SelectorExpr)
		if ok && isSel && rs.Tok == token.DEFINE {
			if obj := a.p.TypesInfo.Defs[id]; obj != nil {
				a.rangeField[obj] = sel
			}
		}
	})
	a.compatUses = map[types.Object]int{}
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) { a.compatibleCall(n.(*ast.CallExpr)) })
	uses := map[types.Object]int{}
	for id, obj := range a.p.TypesInfo.Uses {
		if _, ok := a.rangeField[obj]; ok && id.Name != "_" {
			uses[obj]++
		}
	}
	for obj, n := range a.compatUses {
		if n == uses[obj] {
			a.seen[a.rangeField[obj].Sel] = true
		}
	}
}

// compatibleCall leaves alone a call of a changed function whose changed
// parameters all receive fields that change the same way (raft 3.7:
// raft.IsEmptySnap(rd.Snapshot), both become pointers): the call still
// compiles. It marks the function and the fields as seen.
func (a *checker) compatibleCall(call *ast.CallExpr) {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.Ident:
		id = fun
	default:
		return
	}
	fn, ok := a.p.TypesInfo.Uses[id].(*types.Func)
	if !ok || call.Ellipsis.IsValid() {
		return
	}
	var canon, typ string
	if recv := fn.Signature().Recv(); recv != nil {
		if canon, typ, ok = a.p.NamedOf(recv.Type()); !ok {
			return
		}
	} else if canon, ok = a.canonObj(fn); !ok {
		return
	}
	c, _, ok := a.first(canon, typ, fn.Name(), rules.APIChanged)
	if !ok {
		return
	}
	oldParams, oldResults, ok1 := splitSignature(strip(strings.TrimPrefix(c.Old, "imethod ")))
	newParams, newResults, ok2 := splitSignature(strip(strings.TrimPrefix(c.New, "imethod ")))
	if ok1 && ok2 && oldResults == newResults && appendsVariadic(oldParams, newParams) && len(call.Args) == len(oldParams) {
		// Cluster.MemberList(ctx) gains opts ...OpOption in 3.6: a call
		// with the old arguments passes none.
		a.seen[call.Fun] = true
		a.seen[ast.Unparen(call.Fun)] = true
		a.seen[id] = true
		return
	}
	if !ok1 || !ok2 || oldResults != newResults || len(oldParams) != len(newParams) || len(oldParams) != len(call.Args) {
		return
	}
	var fields []ast.Node
	var rangeVars []types.Object
	followed := 0
	for i, arg := range call.Args {
		if oldParams[i] == newParams[i] {
			continue
		}
		if a.followsMove(arg, canon, oldParams[i], newParams[i]) {
			followed++
			continue
		}
		sel, ok := ast.Unparen(arg).(*ast.SelectorExpr)
		if !ok {
			// A range variable over a field whose elements become
			// pointers as the parameter does.
			id, isID := ast.Unparen(arg).(*ast.Ident)
			if !isID || a.rangeField[a.p.TypesInfo.Uses[id]] == nil {
				return
			}
			obj := a.p.TypesInfo.Uses[id]
			rsel := a.rangeField[obj]
			s, ok := a.p.TypesInfo.Selections[rsel]
			if !ok || s.Kind() != types.FieldVal {
				return
			}
			owner, ok := a.owner(s)
			if !ok {
				return
			}
			fc, _, ok := a.first(owner[0], owner[1], rsel.Sel.Name, rules.APIChanged)
			if !ok || owner[0] != canon || strip(fc.Old) != "[]"+oldParams[i] || strip(fc.New) != "[]"+newParams[i] {
				return
			}
			rangeVars = append(rangeVars, obj)
			continue
		}
		s, ok := a.p.TypesInfo.Selections[sel]
		if !ok || s.Kind() != types.FieldVal {
			return
		}
		owner, ok := a.owner(s)
		if !ok {
			return
		}
		fc, _, ok := a.first(owner[0], owner[1], sel.Sel.Name, rules.APIChanged)
		if !ok || owner[0] != canon || strip(fc.Old) != oldParams[i] || strip(fc.New) != newParams[i] {
			return
		}
		fields = append(fields, sel.Sel)
	}
	if len(fields) == 0 && len(rangeVars) == 0 && followed == 0 {
		return
	}
	for _, v := range rangeVars {
		a.compatUses[v]++
	}
	a.seen[call.Fun] = true
	a.seen[ast.Unparen(call.Fun)] = true
	a.seen[id] = true
	for _, f := range fields {
		a.seen[f] = true
	}
}

// followsMove reports whether the argument keeps up with a parameter
// whose type moves to another package under the same name (etcdserver's
// NewServer(ServerConfig) takes server/v3/config.ServerConfig from 3.5):
// the argument is a value of the old type, which the target removes, so
// each mention of that type is reported and, once it names the new
// package, the argument has the parameter's new type.
func (a *checker) followsMove(arg ast.Expr, canon, oldParam, newParam string) bool {
	ptr := strings.HasPrefix(oldParam, "*")
	oldName, newQual := strings.TrimPrefix(oldParam, "*"), strings.TrimPrefix(newParam, "*")
	if ptr != strings.HasPrefix(newParam, "*") || strings.ContainsAny(oldName, ".[]( ") {
		return false
	}
	dot := strings.LastIndex(newQual, ".")
	if dot <= 0 || newQual[dot+1:] != oldName {
		return false
	}
	t := a.p.TypesInfo.TypeOf(arg)
	if t == nil {
		return false
	}
	if p, isPtr := types.Unalias(t).(*types.Pointer); isPtr != ptr {
		return false
	} else if isPtr {
		t = p.Elem()
	}
	c, n, ok := a.p.NamedOf(t)
	if !ok || c != canon || n != oldName {
		return false
	}
	for _, ch := range a.p.V.Catalog.APIChanges() {
		if ch.Change == rules.APIRemoved && ch.Kind == "type" && ch.Package == canon && ch.Name == oldName && ch.Type == "" &&
			a.p.V.From.Less(ch.Lands()) && !a.p.V.Target.Less(ch.Lands()) {
			return true
		}
	}
	return false
}

// appendsVariadic reports whether the new parameters are the old ones
// followed by one variadic parameter (none of the old being variadic).
func appendsVariadic(oldParams, newParams []string) bool {
	if len(newParams) != len(oldParams)+1 || !strings.HasPrefix(newParams[len(oldParams)], "...") {
		return false
	}
	for i, p := range oldParams {
		if p != newParams[i] || strings.HasPrefix(p, "...") {
			return false
		}
	}
	return true
}

// splitSignature splits a signature of the API table, "func(A, B) R",
// into its parameter types and its results.
func splitSignature(sig string) (params []string, results string, ok bool) {
	rest, ok := strings.CutPrefix(sig, "func(")
	if !ok {
		return nil, "", false
	}
	depth, start := 0, 0
	for i := 0; i < len(rest); i++ {
		switch rest[i] {
		case '(', '[', '{':
			depth++
		case ']', '}':
			depth--
		case ')':
			if depth == 0 {
				if p := strings.TrimSpace(rest[start:i]); p != "" {
					params = append(params, p)
				}
				return params, strings.TrimSpace(rest[i+1:]), true
			}
			depth--
		case ',':
			if depth == 0 {
				params = append(params, strings.TrimSpace(rest[start:i]))
				start = i + 1
			}
		}
	}
	return nil, "", false
}

func (a *checker) call(call *ast.CallExpr) {
	sig, ok := types.Unalias(a.p.TypesInfo.TypeOf(call.Fun)).(*types.Signature)
	if !ok {
		// A conversion T(x).
		if tv, ok := a.p.TypesInfo.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
			a.convert(call.Args[0], tv.Type)
		}
		return
	}
	params := sig.Params()
	for i, arg := range call.Args {
		var t types.Type
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			if call.Ellipsis.IsValid() {
				continue
			}
			t = params.At(params.Len() - 1).Type().(*types.Slice).Elem()
		case i < params.Len():
			t = params.At(i).Type()
		default:
			continue
		}
		a.convert(arg, t)
	}
}

func (a *checker) ret(rs *ast.ReturnStmt, stack []ast.Node) {
	var sig *types.Signature
	for i := len(stack) - 1; i >= 0 && sig == nil; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncDecl:
			if obj, ok := a.p.TypesInfo.Defs[f.Name].(*types.Func); ok {
				sig = obj.Signature()
			}
		case *ast.FuncLit:
			sig, _ = a.p.TypesInfo.TypeOf(f).(*types.Signature)
		}
		if _, isFunc := stack[i].(*ast.FuncLit); isFunc && sig == nil {
			return
		}
	}
	if sig == nil || sig.Results().Len() != len(rs.Results) {
		return
	}
	for i, r := range rs.Results {
		a.convert(r, sig.Results().At(i).Type())
	}
}

func (a *checker) assert(ta *ast.TypeAssertExpr) {
	if ta.Type == nil {
		return
	}
	it, ok := types.Unalias(a.p.TypesInfo.TypeOf(ta.X)).(*types.Named)
	if !ok {
		return
	}
	t := a.p.TypesInfo.TypeOf(ta.Type)
	a.gained(ta.Type, t, it)
}

// typeSwitch checks the concrete types of a type switch's cases against
// the interface switched on (a case the interface no longer admits does
// not compile).
func (a *checker) typeSwitch(ts *ast.TypeSwitchStmt) {
	var x ast.Expr
	switch s := ts.Assign.(type) {
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			if ta, ok := s.Rhs[0].(*ast.TypeAssertExpr); ok {
				x = ta.X
			}
		}
	case *ast.ExprStmt:
		if ta, ok := s.X.(*ast.TypeAssertExpr); ok {
			x = ta.X
		}
	}
	if x == nil {
		return
	}
	it, ok := types.Unalias(a.p.TypesInfo.TypeOf(x)).(*types.Named)
	if !ok {
		return
	}
	for _, stmt := range ts.Body.List {
		cc, ok := stmt.(*ast.CaseClause)
		if !ok {
			continue
		}
		for _, e := range cc.List {
			if tv, ok := a.p.TypesInfo.Types[e]; ok && tv.IsType() && !types.IsInterface(tv.Type) {
				a.gained(e, tv.Type, it)
			}
		}
	}
}

// convert reports val, of a concrete type, converted to an etcd interface
// target that gains methods the type lacks.
func (a *checker) convert(val ast.Expr, target types.Type) {
	if target == nil {
		return
	}
	named, ok := types.Unalias(target).(*types.Named)
	if !ok || !types.IsInterface(named) {
		return
	}
	tv, ok := a.p.TypesInfo.Types[val]
	if !ok || tv.Type == nil || types.IsInterface(tv.Type) || tv.IsNil() {
		return
	}
	a.gained(val, tv.Type, named)
}

// gained reports node, a value of type t converted to the interface
// iface, when iface is an etcd interface that gains methods t lacks, or
// an interface of the code's own that embeds one (a facade over
// clientv3.KV and clientv3.Watcher): the conversion stops compiling.
func (a *checker) gained(node ast.Node, t types.Type, iface *types.Named) {
	if _, _, ok := a.p.NamedOf(iface); ok {
		a.gainedBy(node, t, iface, nil)
		return
	}
	for _, e := range embeddedEtcd(a.p, iface, 0) {
		a.gainedBy(node, t, e, iface)
	}
}

// embeddedEtcd returns the etcd interfaces the interface t embeds, at any
// depth.
func embeddedEtcd(p *lint.Pass, t types.Type, depth int) []*types.Named {
	it, ok := t.Underlying().(*types.Interface)
	if !ok || depth > 5 {
		return nil
	}
	var out []*types.Named
	for i := range it.NumEmbeddeds() {
		e := types.Unalias(it.EmbeddedType(i))
		if named, ok := e.(*types.Named); ok && types.IsInterface(named) {
			if _, _, etcd := p.NamedOf(named); etcd {
				out = append(out, named)
				continue
			}
		}
		out = append(out, embeddedEtcd(p, e, depth+1)...)
	}
	return out
}

// gainedBy is gained for the etcd interface iface, which via (nil when
// the conversion is to iface itself) embeds.
func (a *checker) gainedBy(node ast.Node, t types.Type, iface, via *types.Named) {
	canon, name, ok := a.p.NamedOf(iface)
	if !ok {
		return
	}
	if tc, tn, etcd := a.p.NamedOf(t); etcd {
		// etcd's own implementations follow the interface, unless their
		// methods move to a pointer receiver and t is a value.
		if _, isPtr := types.Unalias(t).(*types.Pointer); !isPtr {
			a.pointerMethods(node, t, tc, tn, canon, name, iface)
		}
		return
	}
	if inherits(t, iface, a.p, 0) {
		return
	}
	// One finding per rule: a method gained in 3.4 and one gained in 3.7
	// are two reasons from two releases, each with its own rule.
	type reason struct {
		rule                  *rules.Rule
		missing, changed      []string
		firstMissing, firstCh rules.APIChange
	}
	var order []string
	byRule := map[string]*reason{}
	add := func(c rules.APIChange) *reason {
		r := a.p.V.Catalog.Rule(Rule(c.Since))
		if r == nil {
			return nil
		}
		if byRule[r.ID] == nil {
			byRule[r.ID] = &reason{rule: r}
			order = append(order, r.ID)
		}
		return byRule[r.ID]
	}
	for _, c := range a.membersOf(canon, name, rules.APIGained) {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, c.Name)
		if obj != nil {
			continue // has it (its own, or inherited from an embedded interface)
		}
		if r := add(c); r != nil {
			if len(r.missing) == 0 {
				r.firstMissing = c
			}
			r.missing = append(r.missing, c.Name)
		}
	}
	// Methods the interface keeps with another signature: a method
	// written with the old one no longer matches.
	for _, c := range a.membersOf(canon, name, rules.APIChanged) {
		if c.Kind != "imethod" {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, c.Name)
		f, ok := obj.(*types.Func)
		if !ok || widenings.Replace(signature(a.p, f.Signature(), canon)) != widenings.Replace(strip(c.Old)) {
			continue
		}
		if r := add(c); r != nil {
			if len(r.changed) == 0 {
				r.firstCh = c
			}
			r.changed = append(r.changed, c.Name)
		}
	}
	if len(order) == 0 || a.seen[node] {
		return
	}
	a.seen[node] = true
	slices.Sort(order)
	for _, id := range order {
		r := byRule[id]
		var why []string
		if len(r.missing) > 0 {
			why = append(why, fmt.Sprintf("the interface gains %s in etcd %s", strings.Join(r.missing, ", "), sinceText(r.firstMissing)))
		}
		if len(r.changed) > 0 {
			why = append(why, fmt.Sprintf("%s %s signature in etcd %s", strings.Join(r.changed, ", "), plural(len(r.changed), "changes its", "change their"), sinceText(r.firstCh)))
		}
		what := lint.DefaultName(canon) + "." + name
		if via != nil {
			what = fmt.Sprintf("%s (it embeds %s)", types.TypeString(via, qualifier(a.p)), what)
		}
		a.p.Report(lint.Finding{Rule: r.rule, Node: node,
			Message: fmt.Sprintf("%s no longer implements %s: %s", types.TypeString(t, qualifier(a.p)), what, strings.Join(why, "; ")),
			Advice:  "add the methods, or embed the interface to inherit them"})
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// signature prints sig as the API table does: without parameter names,
// types of the package canon unqualified, other etcd packages by
// canonical name and the rest by import path.
func signature(p *lint.Pass, sig *types.Signature, canon string) string {
	unnamed := func(tup *types.Tuple) *types.Tuple {
		vars := make([]*types.Var, tup.Len())
		for i := range vars {
			vars[i] = types.NewParam(tup.At(i).Pos(), tup.At(i).Pkg(), "", tup.At(i).Type())
		}
		return types.NewTuple(vars...)
	}
	plain := types.NewSignatureType(nil, nil, nil, unnamed(sig.Params()), unnamed(sig.Results()), sig.Variadic())
	return types.TypeString(plain, func(pkg *types.Package) string {
		if pkg.Path() == "golang.org/x/net/context" {
			return "context"
		}
		if c, ok := p.Canonical(pkg.Path()); ok {
			if c == canon {
				return ""
			}
			return c
		}
		return pkg.Path()
	})
}

// membersOf returns the applicable entries of the given change for the
// members of the interface canon.iface, by name.
func (a *checker) membersOf(canon, iface string, change rules.APIChangeKind) []rules.APIChange {
	var out []rules.APIChange
	prefix := canon + "\x00" + iface + "\x00"
	for k, cs := range a.idx {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		for _, c := range cs {
			if c.Change == change {
				out = append(out, c)
				break
			}
		}
	}
	slices.SortFunc(out, func(x, y rules.APIChange) int { return strings.Compare(x.Name, y.Name) })
	return out
}

// pointerMethods reports a value of etcd type tc.tn converted to the
// interface canon.name when methods the interface needs take a pointer
// receiver at the target.
func (a *checker) pointerMethods(node ast.Node, t types.Type, tc, tn, canon, name string, iface *types.Named) {
	it, ok := iface.Underlying().(*types.Interface)
	if !ok {
		return
	}
	var moved []string
	var first rules.APIChange
	var rule *rules.Rule
	for m := range it.Methods() {
		for _, c := range a.idx[key(tc, tn, m.Name())] {
			if c.Kind != "method" || !strings.HasPrefix(c.Old, "val ") || !strings.HasPrefix(c.New, "ptr ") {
				continue
			}
			r := a.p.V.Catalog.Rule(Rule(c.Since))
			if r == nil {
				continue
			}
			if rule == nil {
				first, rule = c, r
			}
			moved = append(moved, m.Name())
			break
		}
	}
	if rule == nil || a.seen[node] {
		return
	}
	slices.Sort(moved)
	a.seen[node] = true
	a.p.Report(lint.Finding{Rule: rule, Node: node,
		Message: fmt.Sprintf("%s no longer implements %s.%s: %s take a pointer receiver from etcd %s", types.TypeString(t, qualifier(a.p)), lint.DefaultName(canon), name, strings.Join(moved, ", "), sinceText(first)),
		Advice:  "convert a pointer to the value instead"})
}

// qualifier prints types of the package itself unqualified and others by
// package name.
func qualifier(p *lint.Pass) types.Qualifier {
	return func(pkg *types.Package) string {
		if pkg == p.Pkg {
			return ""
		}
		return pkg.Name()
	}
}

// inherits reports whether t gets the interface's methods through an
// embedded field that is the interface itself or an etcd type (which
// follows the interface at every release), at any depth.
func inherits(t types.Type, iface *types.Named, p *lint.Pass, depth int) bool {
	st, ok := deref(t).Underlying().(*types.Struct)
	if !ok || depth > 5 {
		return false
	}
	for f := range st.Fields() {
		if !f.Embedded() {
			continue
		}
		ft := f.Type()
		if types.Identical(deref(ft), iface) {
			return true
		}
		if _, _, etcd := p.NamedOf(ft); etcd {
			if it, ok := iface.Underlying().(*types.Interface); ok && (types.Implements(ft, it) || types.Implements(types.NewPointer(deref(ft)), it)) {
				return true
			}
			continue
		}
		if inherits(ft, iface, p, depth+1) {
			return true
		}
	}
	return false
}

// sinceText names the release a change lands in: the patch for a change
// inside a release line, else the line.
func sinceText(c rules.APIChange) string {
	if c.Prev.SameMinor(c.Since) {
		return c.Since.String()
	}
	return c.Since.MinorLine().String()
}

// widenings are parameter types replaced by ones every old argument
// still satisfies.
var widenings = strings.NewReplacer(
	"*google.golang.org/grpc.Server,", "google.golang.org/grpc.ServiceRegistrar,",
	"*google.golang.org/grpc.Server)", "google.golang.org/grpc.ServiceRegistrar)",
	"*google.golang.org/grpc.ClientConn,", "google.golang.org/grpc.ClientConnInterface,",
	"*google.golang.org/grpc.ClientConn)", "google.golang.org/grpc.ClientConnInterface)",
	"interface{}", "any",
)

// widened reports whether the new signature only widens parameter types
// the old one had (a call written for the old one still compiles).
func widened(old, new string) bool {
	return old != new && widenings.Replace(old) == widenings.Replace(new)
}
