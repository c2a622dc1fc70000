// Package ifacemethods defines an analyzer that reports types written to
// implement an etcd interface (mocks, wrappers, proxies) that stop
// satisfying it because the target release adds or changes methods.
package ifacemethods

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
	"github.com/etcdlint/etcdlint/rules"
)

const doc = `report implementations of etcd interfaces the target extends

A type that has every method a clientv3 interface had at the code's etcd
version (and mentions etcd types in its methods) is taken for an
implementation; it is reported when the target adds methods it lacks:
Lease.TimeToLive (3.1), Lease.Leases, Maintenance.HashKV and MoveLeader
(3.3), Watcher.RequestProgress, Auth.UserAddWithOptions,
Cluster.MemberAddAsLearner and MemberPromote (3.4), Auth.Authenticate and
AuthStatus (3.5), Maintenance.Downgrade and SnapshotWithVersion and the
variadic Cluster.MemberList (3.6), KV.GetStream (3.7). Implementations of
the etcdserverpb gRPC servers must embed Unimplemented<X>Server from 3.7:
each conversion of one to its server interface (assignment, argument such
as RegisterKVServer's, return, literal field, type assertion) is an error,
the type's declaration an info finding saying where the embed goes.

	type fakeKV struct{}                 // before: Put, Get, Delete, Compact, Do, Txn
	type fakeKV struct{ clientv3.KV }    // after: new methods are inherited`

// A method is one interface method and the release it appeared in.
type method struct {
	name  string
	since string // "" for the 3.0 baseline
	rule  string
}

type iface struct {
	canon, name string
	methods     []method
	gains       []string // exported methods a server interface gains in 3.7
}

var clientIfaces = []iface{
	{"clientv3", "KV", []method{{"Put", "", ""}, {"Get", "", ""}, {"Delete", "", ""}, {"Compact", "", ""}, {"Do", "", ""}, {"Txn", "", ""}, {"GetStream", "3.7", "EC3708"}}, nil},
	{"clientv3", "Lease", []method{{"Grant", "", ""}, {"Revoke", "", ""}, {"KeepAlive", "", ""}, {"KeepAliveOnce", "", ""}, {"Close", "", ""}, {"TimeToLive", "3.1", "EC3103"}, {"Leases", "3.3", "EC3306"}}, nil},
	{"clientv3", "Maintenance", []method{{"AlarmList", "", ""}, {"AlarmDisarm", "", ""}, {"Defragment", "", ""}, {"Status", "", ""}, {"Snapshot", "", ""}, {"HashKV", "3.3", "EC3306"}, {"MoveLeader", "3.3", "EC3306"}, {"Downgrade", "3.6", "EC3604"}, {"SnapshotWithVersion", "3.6", "EC3604"}}, nil},
	{"clientv3", "Cluster", []method{{"MemberList", "", ""}, {"MemberAdd", "", ""}, {"MemberRemove", "", ""}, {"MemberUpdate", "", ""}, {"MemberAddAsLearner", "3.4", "EC3415"}, {"MemberPromote", "3.4", "EC3415"}}, nil},
	{"clientv3", "Auth", []method{{"AuthEnable", "", ""}, {"AuthDisable", "", ""}, {"UserAdd", "", ""}, {"UserDelete", "", ""}, {"UserChangePassword", "", ""}, {"UserGrantRole", "", ""}, {"UserGet", "", ""}, {"UserList", "", ""}, {"UserRevokeRole", "", ""}, {"RoleAdd", "", ""}, {"RoleGrantPermission", "", ""}, {"RoleGet", "", ""}, {"RoleList", "", ""}, {"RoleRevokePermission", "", ""}, {"RoleDelete", "", ""}, {"UserAddWithOptions", "3.4", "EC3415"}, {"Authenticate", "3.5", "EC3512"}, {"AuthStatus", "3.5", "EC3512"}}, nil},
	{"clientv3", "Watcher", []method{{"Watch", "", ""}, {"Close", "", ""}, {"RequestProgress", "3.4", "EC3415"}}, nil},
}

// serverIfaces are the etcdserverpb gRPC servers and their core methods.
var serverIfaces = []iface{
	{"etcdserver/etcdserverpb", "KVServer", []method{{"Range", "", ""}, {"Put", "", ""}, {"DeleteRange", "", ""}, {"Txn", "", ""}, {"Compact", "", ""}}, []string{"RangeStream"}},
	{"etcdserver/etcdserverpb", "WatchServer", []method{{"Watch", "", ""}}, nil},
	{"etcdserver/etcdserverpb", "LeaseServer", []method{{"LeaseGrant", "", ""}, {"LeaseRevoke", "", ""}, {"LeaseKeepAlive", "", ""}}, nil},
	{"etcdserver/etcdserverpb", "ClusterServer", []method{{"MemberAdd", "", ""}, {"MemberRemove", "", ""}, {"MemberUpdate", "", ""}, {"MemberList", "", ""}}, nil},
	{"etcdserver/etcdserverpb", "MaintenanceServer", []method{{"Alarm", "", ""}, {"Status", "", ""}, {"Defragment", "", ""}, {"Hash", "", ""}, {"Snapshot", "", ""}}, nil},
	{"etcdserver/etcdserverpb", "AuthServer", []method{{"AuthEnable", "", ""}, {"AuthDisable", "", ""}, {"Authenticate", "", ""}, {"UserAdd", "", ""}, {"RoleAdd", "", ""}}, nil},
}

// Rules returns the rules this analyzer reports.
func Rules() []string {
	return []string{"EC3103", "EC3306", "EC3415", "EC3512", "EC3604", "EC3707", "EC3708"}
}

// New returns a new ifacemethods analyzer.
func New(env lint.Env) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "ifacemethods",
		Doc:              doc,
		URL:              lint.RuleURL("EC3604"),
		Requires:         env.Requires(),
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return nil, run(pass, env) },
	}
}

func run(pass *analysis.Pass, env lint.Env) error {
	p := lint.New(pass, env, Rules()...)
	if p == nil {
		return nil
	}
	if p.Rule("EC3707") != nil {
		serverConversions(p)
	}
	for _, file := range p.Files() {
		for _, decl := range file.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, spec := range gd.Specs {
				ts, ok := spec.(*ast.TypeSpec)
				if !ok {
					continue
				}
				tn, ok := pass.TypesInfo.Defs[ts.Name].(*types.TypeName)
				if !ok || types.IsInterface(tn.Type()) {
					continue
				}
				check(p, ts, tn)
			}
		}
	}
	return nil
}

// methodsOf returns the methods of *T by name.
func methodsOf(t types.Type) map[string]*types.Func {
	ms := types.NewMethodSet(types.NewPointer(t))
	out := map[string]*types.Func{}
	for i := 0; i < ms.Len(); i++ {
		if f, ok := ms.At(i).Obj().(*types.Func); ok {
			out[f.Name()] = f
		}
	}
	return out
}

// mentionsPkg reports whether any of the methods' signatures mention a
// type of the etcd package canon (the interface's own package: a gRPC
// server with the same method names takes etcdserverpb types instead).
func mentionsPkg(p *lint.Pass, fns []*types.Func, canon string) bool {
	for _, f := range fns {
		sig := f.Signature()
		for _, tup := range []*types.Tuple{sig.Params(), sig.Results()} {
			for v := range tup.Variables() {
				if mentions(p, v.Type(), canon) {
					return true
				}
			}
		}
	}
	return false
}

func mentions(p *lint.Pass, t types.Type, canon string) bool {
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		if t.Obj().Pkg() != nil {
			if c, ok := p.Canonical(t.Obj().Pkg().Path()); ok && c == canon {
				return true
			}
		}
	case *types.Pointer:
		return mentions(p, t.Elem(), canon)
	case *types.Slice:
		return mentions(p, t.Elem(), canon)
	case *types.Chan:
		return mentions(p, t.Elem(), canon)
	}
	return false
}

// sharesSignature reports whether one of the methods has the signature
// of the interface's method of that name. The interface is the one the
// package imports, which may be of a later release than the code's etcd
// version (whose methods may since have changed): one identical signature
// is enough to take the type for an implementation.
func sharesSignature(have []*types.Func, it *types.Interface) bool {
	for _, f := range have {
		for m := range it.Methods() {
			if m.Name() == f.Name() && types.Identical(stripRecv(m.Signature()), stripRecv(f.Signature())) {
				return true
			}
		}
	}
	return false
}

func stripRecv(sig *types.Signature) *types.Signature {
	return types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic())
}

// importedInterface returns the interface canon.name as the package's
// imports declare it (at the code's etcd version), or nil if the package
// does not import canon.
func importedInterface(p *lint.Pass, canon, name string) *types.Interface {
	for _, imp := range p.Pkg.Imports() {
		if c, ok := p.Canonical(imp.Path()); !ok || c != canon {
			continue
		}
		if tn, ok := imp.Scope().Lookup(name).(*types.TypeName); ok {
			if it, ok := tn.Type().Underlying().(*types.Interface); ok {
				return it
			}
		}
	}
	return nil
}

func check(p *lint.Pass, ts *ast.TypeSpec, tn *types.TypeName) {
	ms := methodsOf(tn.Type())
	for _, ifc := range clientIfaces {
		var have []*types.Func
		implements := true
		for _, m := range ifc.methods {
			if m.since != "" && p.V.From.Less(rules.MustParseVersion(m.since+".0")) {
				continue
			}
			f, ok := ms[m.name]
			if !ok {
				implements = false
				break
			}
			have = append(have, f)
		}
		if !implements || len(have) < 2 || !mentionsPkg(p, have, ifc.canon) || embeds(p, tn, ifc.canon, ifc.name) || inherited(p, have) {
			continue
		}
		if it := importedInterface(p, ifc.canon, ifc.name); it != nil && !sharesSignature(have, it) {
			continue // same method names, other signatures (e.g. a gRPC server)
		}
		missing := map[string][]string{}
		var order []string
		for _, m := range ifc.methods {
			if m.since == "" || ms[m.name] != nil {
				continue
			}
			if p.Rule(m.rule) == nil {
				continue
			}
			if _, seen := missing[m.rule]; !seen {
				order = append(order, m.rule)
			}
			missing[m.rule] = append(missing[m.rule], m.name)
		}
		if ifc.name == "Cluster" && p.Rule("EC3604") != nil {
			if f := ms["MemberList"]; f != nil && !f.Signature().Variadic() {
				if _, seen := missing["EC3604"]; !seen {
					order = append(order, "EC3604")
				}
				missing["EC3604"] = append(missing["EC3604"], "MemberList(ctx, opts ...OpOption)")
			}
		}
		for _, id := range order {
			r := p.Rule(id)
			p.Report(lint.Finding{
				Rule:    r,
				Node:    ts.Name,
				Message: fmt.Sprintf("type %s implements clientv3.%s but lacks %s, which clientv3.%s has from etcd %s", ts.Name.Name, ifc.name, strings.Join(missing[id], " and "), ifc.name, r.Since),
				Advice:  fmt.Sprintf("add the methods or embed clientv3.%s", ifc.name),
			})
		}
	}
	if p.Rule("EC3707") == nil {
		return
	}
	for _, ifc := range serverIfaces {
		var have []*types.Func
		implements := true
		for _, m := range ifc.methods {
			f, ok := ms[m.name]
			if !ok {
				implements = false
				break
			}
			have = append(have, f)
		}
		if !implements || !mentionsServerTypes(p, have) || embedsUnimplemented(p, tn, ifc.name) || inherited(p, have) {
			continue
		}
		// The declaration compiles; the conversions to the interface are
		// the errors (see serverConversions). This finding says where
		// the fix goes.
		p.Report(lint.Finding{
			Rule:     p.Rule("EC3707"),
			Node:     ts.Name,
			Message:  fmt.Sprintf("type %s implements etcdserverpb.%s without embedding etcdserverpb.Unimplemented%s, which etcd 3.7 requires", ts.Name.Name, ifc.name, ifc.name),
			Advice:   fmt.Sprintf("embed etcdserverpb.Unimplemented%s", ifc.name),
			Severity: rules.Info,
		})
	}
}

// embeds reports whether tn's struct embeds the named etcd type.
func embeds(p *lint.Pass, tn *types.TypeName, canon, name string) bool {
	st, ok := tn.Type().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for f := range st.Fields() {
		if c, n, ok := p.NamedOf(f.Type()); f.Embedded() && ok && c == canon && n == name {
			return true
		}
	}
	return false
}

// mentionsServerTypes reports whether the methods take etcdserverpb types.
func mentionsServerTypes(p *lint.Pass, fns []*types.Func) bool {
	for _, f := range fns {
		for v := range f.Signature().Params().Variables() {
			canon, _, ok := p.NamedOf(v.Type())
			if ok && canon == "etcdserver/etcdserverpb" {
				return true
			}
		}
	}
	return false
}

// embedsUnimplemented reports whether the struct embeds
// etcdserverpb.Unimplemented<name> (or Unsafe<name>).
func embedsUnimplemented(p *lint.Pass, tn *types.TypeName, name string) bool {
	st, ok := tn.Type().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for f := range st.Fields() {
		if !f.Embedded() {
			continue
		}
		canon, n, ok := p.NamedOf(f.Type())
		if ok && canon == "etcdserver/etcdserverpb" && slices.Contains([]string{"Unimplemented" + name, "Unsafe" + name}, n) {
			return true
		}
	}
	return false
}

// inherited reports whether one of the methods is promoted from an
// embedded etcd type (an interface such as clientv3.KV, or *clientv3.Client
// which embeds them): the type then inherits the methods etcd adds.
func inherited(p *lint.Pass, have []*types.Func) bool {
	for _, f := range have {
		if recv := f.Signature().Recv(); recv != nil {
			if _, _, etcd := p.NamedOf(recv.Type()); etcd {
				return true
			}
		}
	}
	return false
}
