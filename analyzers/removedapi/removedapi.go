// Package removedapi defines an analyzer that reports etcd identifiers,
// struct fields and methods that the target release removes or renames,
// and renames them where the rename is mechanical.
package removedapi

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
	"github.com/etcdlint/etcdlint/internal/etcdpath"
	"github.com/etcdlint/etcdlint/rules"
)

const doc = `report etcd names the target release removes or renames

Package-level identifiers (clientv3.GetLogger, naming.GRPCResolver,
snapshot.NewV3, rpctypes.ErrGPRCNotSupportedForLearner, mvccpb.PUT, ...)
and struct fields and methods (clientv3.Config.Logger, embed.Config.SnapCount,
LPUrls, Debug, EnableV2, Experimental*, ...) are looked up in a table keyed
by the rule that removes them. Renames are fixed:

	cfg.SnapCount = 10000        // before (3.3)
	cfg.SnapshotCount = 10000    // after (3.4)

	ev.Type == mvccpb.PUT        // before (3.6)
	ev.Type == mvccpb.Event_PUT  // after (3.7)

Code that no longer type-checks still gets the package-level findings,
resolved through the file's imports.`

// An entry is one removed or renamed identifier.
type entry struct {
	rule   string
	canon  string // canonical package
	typ    string // type name for fields and methods; "" for package-level names
	name   string
	prefix bool   // name is a prefix (Experimental*)
	rename string // new name, for a mechanical rename
	advice string // overrides the rule's action
	kind   string // "field", "method", "type" ... for the message
	// needs is set for APIs that exist in late 3.4 patches but only from
	// this 3.5 patch on: the entry applies to 3.5 targets before it.
	needs string
}

// table lists the entries; the first applicable match of a name wins.
var table = []entry{
	{rule: "EC3101", canon: "clientv3", typ: "Config", name: "Logger", kind: "field", advice: "call clientv3.SetLogger before creating the client"},
	{rule: "EC3208", canon: "embed", typ: "Etcd", name: "Peers", kind: "field", advice: "its elements are unexported listener wrappers, use their Listener field"},
	{rule: "EC3301", canon: "clientv3", name: "Logger", kind: "type", advice: "use grpclog.LoggerV2 (clientv3.Logger becomes an interface)"},
	{rule: "EC3304", canon: "clientv3", name: "Logger", kind: "type", advice: "use grpclog.LoggerV2"},
	{rule: "EC3304", canon: "clientv3", name: "ErrNoAddrAvilable", kind: "var", advice: "check for a gRPC Unavailable status instead"},
	{rule: "EC3405", canon: "embed", typ: "Config", name: "LogOutput", kind: "field", advice: "set LogOutputs []string instead"},
	{rule: "EC3406", canon: "embed", typ: "Config", name: "SnapCount", rename: "SnapshotCount", kind: "field"},
	{rule: "EC3406", canon: "etcdserver", typ: "ServerConfig", name: "SnapCount", rename: "SnapshotCount", kind: "field"},
	{rule: "EC3407", canon: "embed", typ: "Config", name: "SetupLogging", kind: "method", advice: "delete the call: 3.4 sets up logging itself"},
	{rule: "EC3408", canon: "embed", typ: "Config", name: "CorsInfo", kind: "field", advice: "set CORS map[string]struct{} instead"},
	{rule: "EC3410", canon: "pkg/adt", name: "IntervalTree", kind: "type"},
	{rule: "EC3411", canon: "etcdserver/etcdserverpb", typ: "AuthRoleRevokePermissionRequest", name: "Key", kind: "field", advice: "it becomes []byte"},
	{rule: "EC3411", canon: "etcdserver/etcdserverpb", typ: "AuthRoleRevokePermissionRequest", name: "RangeEnd", kind: "field", advice: "it becomes []byte"},
	{rule: "EC3413", canon: "embed", typ: "Config", name: "LPUrls", rename: "ListenPeerUrls", kind: "field"},
	{rule: "EC3413", canon: "embed", typ: "Config", name: "LCUrls", rename: "ListenClientUrls", kind: "field"},
	{rule: "EC3413", canon: "embed", typ: "Config", name: "APUrls", rename: "AdvertisePeerUrls", kind: "field"},
	{rule: "EC3413", canon: "embed", typ: "Config", name: "ACUrls", rename: "AdvertiseClientUrls", kind: "field"},
	{rule: "EC3510", canon: "clientv3", typ: "Config", name: "MaxUnaryRetries", kind: "field", needs: "3.5.13"},
	{rule: "EC3510", canon: "clientv3", typ: "Config", name: "BackoffWaitBetween", kind: "field", needs: "3.5.13"},
	{rule: "EC3510", canon: "clientv3", typ: "Config", name: "BackoffJitterFraction", kind: "field", needs: "3.5.13"},
	{rule: "EC3510", canon: "clientv3", name: "NewOp", kind: "func", needs: "3.5.3"},
	{rule: "EC3510", canon: "clientv3", name: "AutoWatchID", kind: "const", needs: "3.5.6"},
	{rule: "EC3510", canon: "clientv3", name: "InvalidWatchID", kind: "const", needs: "3.5.6"},
	{rule: "EC3503", canon: "clientv3", name: "GetLogger", kind: "func", advice: "set Config.Logger (*zap.Logger) and use (*Client).GetLogger"},
	{rule: "EC3503", canon: "clientv3", name: "NewLogger", kind: "func", advice: "set Config.Logger (*zap.Logger) or use clientv3.WithZapLogger"},
	{rule: "EC3504", canon: "clientv3/naming", name: "GRPCResolver", kind: "type", advice: "use client/v3/naming/resolver.NewBuilder and naming/endpoints.Manager"},
	{rule: "EC3505", canon: "clientv3/snapshot", name: "NewV3", kind: "func", advice: "save with client/v3/snapshot.Save, restore and inspect with etcdutl/v3/snapshot.NewV3"},
	{rule: "EC3508", canon: "embed", typ: "Config", name: "Debug", kind: "field", advice: `set LogLevel = "debug" instead`},
	{rule: "EC3508", canon: "embed", typ: "Config", name: "LogPkgLevels", kind: "field", advice: "set LogLevel instead"},
	{rule: "EC3508", canon: "embed", typ: "Config", name: "DeprecatedLogOutput", kind: "field", advice: "set LogOutputs instead"},
	{rule: "EC3509", canon: "etcdserver", name: "ServerConfig", kind: "type", advice: "use go.etcd.io/etcd/server/v3/config.ServerConfig"},
	{rule: "EC3605", canon: "clientv3/snapshot", name: "Save", kind: "func", advice: "call SaveWithVersion, which also returns the storage version"},
	{rule: "EC3606", canon: "etcdserver/api/v3rpc/rpctypes", name: "ErrGPRCNotSupportedForLearner", rename: "ErrGRPCNotSupportedForLearner", kind: "var", advice: "the new error has codes.FailedPrecondition, not Unavailable"},
	{rule: "EC3607", canon: "embed", name: "NewZapCoreLoggerBuilder", kind: "func", advice: "use embed.NewZapLoggerBuilder"},
	{rule: "EC3607", canon: "embed", typ: "Config", name: "EnableV2", kind: "field", advice: "drop it: the v2 API is gone"},
	{rule: "EC3608", canon: "server/v3/config", name: "V2_DEPR_0_NOT_YET", rename: "V2Depr0NotYet", kind: "const"},
	{rule: "EC3608", canon: "server/v3/config", name: "V2_DEPR_1_WRITE_ONLY", rename: "V2Depr1WriteOnly", kind: "const"},
	{rule: "EC3608", canon: "server/v3/config", name: "V2_DEPR_1_WRITE_ONLY_DROP", rename: "V2Depr1WriteOnlyDrop", kind: "const"},
	{rule: "EC3608", canon: "server/v3/config", name: "V2_DEPR_1_WRITE_ONLY_SKIP_CHECK", rename: "V2Depr1WriteOnlySkipCheck", kind: "const"},
	{rule: "EC3608", canon: "server/v3/config", name: "V2_DEPR_2_GONE", rename: "V2Depr2Gone", kind: "const"},
	{rule: "EC3608", canon: "server/v3/config", name: "V2_DEPR_DEFAULT", rename: "V2DeprDefault", kind: "const"},
	{rule: "EC3706", canon: "mvcc/mvccpb", name: "PUT", rename: "Event_PUT", kind: "const"},
	{rule: "EC3706", canon: "mvcc/mvccpb", name: "DELETE", rename: "Event_DELETE", kind: "const"},
	{rule: "EC3706", canon: "auth/authpb", name: "READ", rename: "Permission_READ", kind: "const"},
	{rule: "EC3706", canon: "auth/authpb", name: "WRITE", rename: "Permission_WRITE", kind: "const"},
	{rule: "EC3706", canon: "auth/authpb", name: "READWRITE", rename: "Permission_READWRITE", kind: "const"},
	{rule: "EC3710", canon: "server/v3/config", name: "V2_DEPR_0_NOT_YET", rename: "V2Depr0NotYet", kind: "const"},
	{rule: "EC3710", canon: "server/v3/config", name: "V2_DEPR_1_WRITE_ONLY", rename: "V2Depr1WriteOnly", kind: "const"},
	{rule: "EC3710", canon: "server/v3/config", name: "V2_DEPR_1_WRITE_ONLY_DROP", rename: "V2Depr1WriteOnlyDrop", kind: "const"},
	{rule: "EC3710", canon: "server/v3/config", name: "V2_DEPR_1_WRITE_ONLY_SKIP_CHECK", rename: "V2Depr1WriteOnlySkipCheck", kind: "const"},
	{rule: "EC3710", canon: "server/v3/config", name: "V2_DEPR_2_GONE", rename: "V2Depr2Gone", kind: "const"},
	{rule: "EC3710", canon: "server/v3/config", name: "V2_DEPR_DEFAULT", rename: "V2DeprDefault", kind: "const"},
	{rule: "EC3710", canon: "embed", typ: "Config", name: "Experimental", prefix: true, kind: "field", advice: "use the stable field or a feature gate (ServerFeatureGate)"},
	{rule: "EC3710", canon: "embed", typ: "Config", name: "Durl", kind: "field", advice: "use v3 discovery (DiscoveryCfg) or a static InitialCluster"},
	{rule: "EC3710", canon: "embed", typ: "Config", name: "Dproxy", kind: "field", advice: "use v3 discovery (DiscoveryCfg) or a static InitialCluster"},
	{rule: "EC3710", canon: "embed", typ: "Config", name: "SetFeatureGatesFromExperimentalFlags", kind: "method", advice: "set ServerFeatureGate directly"},
	{rule: "EC3710", canon: "embed", name: "ExperimentalDistributedTracingAddress", kind: "const", advice: "use DistributedTracingAddress"},
	{rule: "EC3710", canon: "embed", name: "ExperimentalDistributedTracingServiceName", kind: "const", advice: "use DistributedTracingServiceName"},
	{rule: "EC3710", canon: "embed", name: "DefaultExperimentalTxnModeWriteWithSharedBuffer", kind: "const", advice: "use the TxnModeWriteWithSharedBuffer feature gate"},
	{rule: "EC3711", canon: "etcdserver/etcdserverpb", name: "Request", kind: "type", advice: "the v2 request type is gone"},
	{rule: "EC3711", canon: "etcdserver/etcdserverpb", typ: "InternalRaftRequest", name: "V2", kind: "field", advice: "the v2 request is gone"},
}

// Rules returns the rules this analyzer reports.
func Rules() []string {
	var ids []string
	for _, e := range table {
		if len(ids) == 0 || ids[len(ids)-1] != e.rule {
			ids = append(ids, e.rule)
		}
	}
	return ids
}

// Covers reports whether the table has an entry for the name (canonical
// package, type or "" for package-level names, name) under a rule of the
// release line v, or under a rule for which applies is true.
func Covers(canon, typ, name string, v rules.Version, applies func(id string) bool) bool {
	line := fmt.Sprintf("%d%d", v.Major, v.Minor)
	for _, e := range table {
		// A prefix entry (Experimental*) covers only the names removed in
		// its own release line: others went earlier (the generated API
		// table reports them with their own release).
		if e.matches(canon, typ, name) && (e.rule[2:4] == line || !e.prefix && applies(e.rule)) {
			return true
		}
	}
	return false
}

// New returns a new removedapi analyzer.
func New(env lint.Env) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "removedapi",
		Doc:              doc,
		URL:              lint.RuleURL("EC3406"),
		Requires:         env.Requires(),
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return nil, run(pass, env) },
	}
}

func (e entry) matches(canon, typ, name string) bool {
	if e.canon != canon || e.typ != typ {
		return false
	}
	if e.prefix {
		return strings.HasPrefix(name, e.name) && len(name) > len(e.name)
	}
	return e.name == name
}

// lookup returns the first entry for the name whose rule applies.
func lookup(p *lint.Pass, canon, typ, name string) (entry, *rules.Rule, bool) {
	for _, e := range table {
		if e.matches(canon, typ, name) {
			if e.needs != "" {
				needs := rules.MustParseVersion(e.needs)
				if !p.V.Target.SameMinor(needs) || !p.V.Target.Less(needs) {
					continue
				}
			}
			if e.prefix && removedElsewhere(p, e, canon, typ, name) {
				continue
			}
			if r := p.Rule(e.rule); r != nil {
				return e, r, true
			}
		}
	}
	return entry{}, nil, false
}

// removedElsewhere reports whether the generated API table removes the
// name a prefix entry matches in another release line than the entry's
// rule (embed.Config.ExperimentalBackendFreelistType goes in 3.5, not with
// the Experimental* fields of 3.7).
func removedElsewhere(p *lint.Pass, e entry, canon, typ, name string) bool {
	for _, c := range p.V.Catalog.APIChanges() {
		if c.Change == rules.APIRemoved && c.Package == canon && c.Type == typ && c.Name == name {
			return fmt.Sprintf("EC%d%d", c.Since.Major, c.Since.Minor) != e.rule[:4]
		}
	}
	return false
}

func run(pass *analysis.Pass, env lint.Env) error {
	p := lint.New(pass, env, Rules()...)
	if p == nil {
		return nil
	}
	grpcNaming(p)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.WithStack([]ast.Node{(*ast.SelectorExpr)(nil), (*ast.CompositeLit)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		file := stack[0].(*ast.File)
		switch n := n.(type) {
		case *ast.SelectorExpr:
			selector(p, file, n, stack)
		case *ast.CompositeLit:
			compositeLit(p, n, stack)
		}
		return true
	})
	return nil
}

func selector(p *lint.Pass, file *ast.File, sel *ast.SelectorExpr, stack []ast.Node) {
	// A package-level name: pkg.Name.
	if x, ok := sel.X.(*ast.Ident); ok {
		if _, isPkg := p.TypesInfo.Uses[x].(*types.PkgName); isPkg || p.TypesInfo.Uses[x] == nil && p.TypesInfo.Types[x].Type == nil {
			canon, name, syntax, ok := p.PkgMember(file, sel)
			if !ok {
				return
			}
			e, r, ok := lookup(p, canon, "", name)
			if !ok {
				return
			}
			if e.canon == "pkg/adt" {
				return // reported at the composite literal
			}
			report(p, e, r, sel, sel.Sel, lint.DefaultName(canon)+"."+name, syntax)
			return
		}
	}
	// A field or method: x.Name.
	canon, typ, ok := owner(p, sel)
	if !ok {
		return
	}
	e, r, ok := lookup(p, canon, typ, sel.Sel.Name)
	if !ok {
		return
	}
	if e.rule == "EC3411" && !isString(p, sel) {
		return
	}
	var fixes []analysis.SuggestedFix
	switch e.rule {
	case "EC3101":
		fixes = setLoggerAssign(p, file, sel, stack)
	case "EC3405":
		fixes = logOutputAssign(p, sel, stack)
	case "EC3407":
		fixes = deleteCallStmt(p, sel, stack, "Delete the SetupLogging call")
	}
	report(p, e, r, sel.Sel, sel.Sel, lint.DefaultName(canon)+"."+typ+"."+sel.Sel.Name, false, fixes...)
}

// logOutputAssign fixes cfg.LogOutput = v into cfg.LogOutputs =
// []string{v} (EC3405).
func logOutputAssign(p *lint.Pass, sel *ast.SelectorExpr, stack []ast.Node) []analysis.SuggestedFix {
	if len(stack) < 2 {
		return nil
	}
	as, ok := stack[len(stack)-2].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Lhs[0] != sel || as.Tok != token.ASSIGN {
		return nil
	}
	return []analysis.SuggestedFix{{Message: "Set LogOutputs instead",
		TextEdits: []analysis.TextEdit{
			lint.Replace(sel.Sel, "LogOutputs"),
			lint.Replace(as.Rhs[0], "[]string{"+p.Src(as.Rhs[0])+"}"),
		}}}
}

// deleteCallStmt deletes the statement x.M() whose method sel names,
// with its line when it is alone on it, when the call is a statement of
// its own (its result, if any, unused).
func deleteCallStmt(p *lint.Pass, sel *ast.SelectorExpr, stack []ast.Node, msg string) []analysis.SuggestedFix {
	if len(stack) < 4 {
		return nil
	}
	call, ok := stack[len(stack)-2].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return nil
	}
	stmt, ok := stack[len(stack)-3].(*ast.ExprStmt)
	if !ok || stmt.X != call {
		return nil
	}
	if _, inBlock := stack[len(stack)-4].(*ast.BlockStmt); !inBlock {
		return nil
	}
	tf := p.Fset.File(stmt.Pos())
	content, err := p.ReadFile(tf.Name())
	if err != nil {
		return nil
	}
	start, end := tf.Offset(stmt.Pos()), tf.Offset(stmt.End())
	lineStart := tf.Offset(tf.LineStart(tf.Line(stmt.Pos())))
	rest := end
	for rest < len(content) && (content[rest] == ' ' || content[rest] == '\t' || content[rest] == '\r') {
		rest++
	}
	if strings.TrimSpace(string(content[lineStart:start])) == "" && rest < len(content) && content[rest] == '\n' {
		start, end = lineStart, rest+1
	}
	return []analysis.SuggestedFix{{Message: msg, TextEdits: []analysis.TextEdit{{Pos: tf.Pos(start), End: tf.Pos(end)}}}}
}

// owner returns the canonical package and name of the etcd type that
// declares the field or method sel selects: for a field or method promoted
// through embedded structs (s.APUrls where s embeds embed.Config), the
// embedded type, else the type of sel.X.
func owner(p *lint.Pass, sel *ast.SelectorExpr) (canon, typ string, ok bool) {
	if s, ok := p.TypesInfo.Selections[sel]; ok {
		if f, isFunc := s.Obj().(*types.Func); isFunc {
			if recv := f.Signature().Recv(); recv != nil {
				if canon, typ, ok := p.NamedOf(recv.Type()); ok {
					return canon, typ, true
				}
			}
		} else if path := s.Index(); len(path) > 1 {
			t := s.Recv()
			for _, i := range path[:len(path)-1] {
				st, isStruct := deref(t).Underlying().(*types.Struct)
				if !isStruct {
					break
				}
				t = st.Field(i).Type()
			}
			if canon, typ, ok := p.NamedOf(t); ok {
				return canon, typ, true
			}
		}
	}
	tv, ok := p.TypesInfo.Types[sel.X]
	if !ok {
		return "", "", false
	}
	return p.NamedOf(tv.Type)
}

func deref(t types.Type) types.Type {
	t = types.Unalias(t)
	if ptr, ok := t.(*types.Pointer); ok {
		return types.Unalias(ptr.Elem())
	}
	return t
}

func compositeLit(p *lint.Pass, lit *ast.CompositeLit, stack []ast.Node) {
	t := p.TypesInfo.TypeOf(lit)
	canon, typ, ok := p.NamedOf(t)
	if !ok {
		return
	}
	if _, isPtr := types.Unalias(t).(*types.Pointer); isPtr {
		return
	}
	if e, r, ok := lookup(p, canon, "", typ); ok && e.canon == "pkg/adt" {
		f := lint.Finding{Rule: r, Node: lit,
			Message: "adt.IntervalTree is an interface from etcd " + r.Since + " (and 3.3.14)",
			Advice:  "create it with adt.NewIntervalTree()"}
		if len(lit.Elts) == 0 && len(stack) >= 2 {
			if u, ok := stack[len(stack)-2].(*ast.UnaryExpr); ok && u.Op.String() == "&" {
				if sel, ok := lit.Type.(*ast.SelectorExpr); ok {
					f.Node = u
					f.Fixes = []analysis.SuggestedFix{{Message: "Replace with adt.NewIntervalTree()",
						TextEdits: []analysis.TextEdit{lint.Replace(u, p.Src(sel.X)+".NewIntervalTree()")}}}
				}
			}
		}
		p.Report(f)
		return
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		if e, r, ok := lookup(p, canon, typ, key.Name); ok {
			if e.rule == "EC3411" {
				if tv, ok := p.TypesInfo.Types[kv.Value]; !ok || !isStringType(tv.Type) {
					continue
				}
			}
			var fixes []analysis.SuggestedFix
			if e.rule == "EC3101" {
				fixes = setLoggerLiteral(p, lit, kv, stack)
			}
			report(p, e, r, key, key, lint.DefaultName(canon)+"."+typ+"."+key.Name, false, fixes...)
		}
	}
}

func isString(p *lint.Pass, sel *ast.SelectorExpr) bool {
	return isStringType(p.TypesInfo.TypeOf(sel))
}

func isStringType(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// report reports entry e at node; name is the identifier to rename.
func report(p *lint.Pass, e entry, r *rules.Rule, node ast.Node, name *ast.Ident, qualified string, syntax bool, fixes ...analysis.SuggestedFix) {
	f := lint.Finding{Rule: r, Node: node, Syntax: syntax, Advice: e.advice, Fixes: fixes}
	if e.needs != "" {
		f.Message = fmt.Sprintf("%s %s exists in late 3.4 patches but on the 3.5 line only from etcd %s", e.kind, qualified, e.needs)
		f.Advice = "target " + e.needs + " or later"
		p.Report(f)
		return
	}
	if e.rename != "" {
		newName := e.rename
		f.Message = fmt.Sprintf("%s %s is renamed %s in etcd %s", e.kind, qualified, newName, r.Since)
		if f.Advice == "" {
			f.Advice = "rename it"
		}
		f.Fixes = []analysis.SuggestedFix{{Message: "Rename " + name.Name + " to " + newName,
			TextEdits: []analysis.TextEdit{lint.Replace(name, newName)}}}
	} else {
		verb := "is removed"
		switch e.rule {
		case "EC3101", "EC3405", "EC3408", "EC3508", "EC3607", "EC3710", "EC3711", "EC3407", "EC3503", "EC3504", "EC3505", "EC3304":
		case "EC3301":
			verb = "becomes an interface"
		case "EC3208", "EC3411":
			verb = "changes type"
		case "EC3509":
			verb = "moves to package server/v3/config"
		case "EC3605":
			verb = "is renamed SaveWithVersion"
		}
		f.Message = fmt.Sprintf("%s %s %s in etcd %s", e.kind, qualified, verb, r.Since)
		if f.Advice == "" {
			f.Advice = lowerFirst(strings.TrimSuffix(r.Action, "."))
		}
	}
	p.Report(f)
}

func lowerFirst(s string) string {
	if len(s) > 1 && unicode.IsUpper(rune(s[0])) && !unicode.IsUpper(rune(s[1])) {
		return string(unicode.ToLower(rune(s[0]))) + s[1:]
	}
	return s
}

// setLoggerAssign fixes cfg.Logger = l into clientv3.SetLogger(l) (EC3101).
func setLoggerAssign(p *lint.Pass, file *ast.File, sel *ast.SelectorExpr, stack []ast.Node) []analysis.SuggestedFix {
	if len(stack) < 2 {
		return nil
	}
	as, ok := stack[len(stack)-2].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || as.Lhs[0] != sel || as.Tok.String() != "=" {
		return nil
	}
	pkg, ok := clientv3Name(p, file)
	if !ok {
		return nil
	}
	return []analysis.SuggestedFix{{Message: "Call clientv3.SetLogger instead",
		TextEdits: []analysis.TextEdit{lint.Replace(as, pkg+".SetLogger("+p.Src(as.Rhs[0])+")")}}}
}

// setLoggerLiteral fixes clientv3.Config{..., Logger: l} by dropping the
// field and calling clientv3.SetLogger(l) before the statement (EC3101).
func setLoggerLiteral(p *lint.Pass, lit *ast.CompositeLit, kv *ast.KeyValueExpr, stack []ast.Node) []analysis.SuggestedFix {
	file := p.FileOf(lit.Pos())
	if file == nil {
		return nil
	}
	pkg, ok := clientv3Name(p, file)
	if !ok {
		return nil
	}
	// The statement of a block the literal is in.
	var stmt ast.Stmt
	for i := len(stack) - 1; i > 0; i-- {
		if _, inBlock := stack[i-1].(*ast.BlockStmt); inBlock {
			stmt, _ = stack[i].(ast.Stmt)
			break
		}
		if _, isFunc := stack[i].(*ast.FuncLit); isFunc {
			return nil
		}
	}
	if stmt == nil {
		return nil
	}
	content, err := p.ReadFile(p.Fset.File(lit.Pos()).Name())
	if err != nil {
		return nil
	}
	tf := p.Fset.File(lit.Pos())
	// Delete the element and its trailing comma and spaces.
	end := tf.Offset(kv.End())
	for end < len(content) && (content[end] == ' ' || content[end] == '\t') {
		end++
	}
	start := tf.Offset(kv.Pos())
	if end < len(content) && content[end] == ',' {
		end++
		for end < len(content) && (content[end] == ' ' || content[end] == '\t') {
			end++
		}
	} else {
		// The last element: take the comma before it instead.
		b := start
		for b > 0 && (content[b-1] == ' ' || content[b-1] == '\t') {
			b--
		}
		if b > 0 && content[b-1] == ',' {
			start = b - 1
		}
	}
	// A field alone on its line goes with its line.
	lineStart := tf.Offset(tf.LineStart(tf.Line(kv.Pos())))
	if strings.TrimSpace(string(content[lineStart:start])) == "" && end < len(content) && content[end] == '\n' {
		start, end = lineStart, end+1
	}
	// Indent the new call like the statement.
	stmtLine := tf.Offset(tf.LineStart(tf.Line(stmt.Pos())))
	indent := string(content[stmtLine:tf.Offset(stmt.Pos())])
	if strings.TrimSpace(indent) != "" {
		return nil
	}
	call := pkg + ".SetLogger(" + p.Src(kv.Value) + ")\n" + indent
	return []analysis.SuggestedFix{{Message: "Call clientv3.SetLogger instead of setting Config.Logger",
		TextEdits: []analysis.TextEdit{
			{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(call)},
			{Pos: tf.Pos(start), End: tf.Pos(end)},
		}}}
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

// grpcNamingPath is the gRPC naming package the 3.4 resolver implemented;
// grpc v1.30 removed it and etcd 3.5 requires a later grpc.
const grpcNamingPath = "google.golang.org/grpc/naming"

// grpcNaming reports imports of google.golang.org/grpc/naming once the
// target's grpc no longer has the package (EC3504).
func grpcNaming(p *lint.Pass) {
	r := p.Rule("EC3504")
	if r == nil {
		return
	}
	advice := "resolve through google.golang.org/grpc/resolver with go.etcd.io/etcd/client/v3/naming/resolver.NewBuilder"
	for _, file := range p.Files() {
		for _, spec := range file.Imports {
			if lint.PathOf(spec) != grpcNamingPath {
				continue
			}
			p.Report(lint.Finding{Rule: r, Node: spec,
				Message: "package " + grpcNamingPath + " is gone from the grpc etcd " + r.Since + " requires (grpc v1.30 removed it)",
				Advice:  advice})
		}
		// The balancer API the naming resolver plugged into went with it.
		lines := map[int]bool{}
		ast.Inspect(file, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "WithBalancer" && sel.Sel.Name != "RoundRobin" {
				return true
			}
			fn, ok := p.TypesInfo.Uses[sel.Sel].(*types.Func)
			if !ok || fn.Pkg() == nil || etcdpath.StripVendor(fn.Pkg().Path()) != "google.golang.org/grpc" {
				return true
			}
			if line := p.Fset.Position(sel.Pos()).Line; !lines[line] {
				lines[line] = true
				p.Report(lint.Finding{Rule: r, Node: sel,
					Message: "grpc." + sel.Sel.Name + " is gone from the grpc etcd " + r.Since + " requires (grpc v1.30 removed the v1 balancer API)",
					Advice:  advice})
			}
			return true
		})
	}
}
