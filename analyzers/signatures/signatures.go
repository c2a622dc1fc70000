// Package signatures defines an analyzer that reports calls to etcd
// functions whose parameter lists changed, made with the old arguments,
// and inserts the missing argument.
package signatures

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
	"github.com/etcdlint/etcdlint/rules"
)

// Rules returns the rules this analyzer reports.
func Rules() []string {
	return []string{"EC3203", "EC3305", "EC3409", "EC3509"}
}

const doc = `report calls with the arguments of an older etcd signature

From 3.2.12 the raw clientv3 wrappers take the *Client after the remote
client (EC3203; nil is accepted); in 3.4 the wal functions (EC3409) and in
3.5 grpcproxy, httpproxy and pkg/flags functions (EC3509) take a
*zap.Logger first; from 3.3 etcdserver.NewServer takes its ServerConfig by
value (EC3305):

	kv := clientv3.NewKVFromKVClient(remote)        // before
	kv := clientv3.NewKVFromKVClient(remote, nil)   // after

	w, err := wal.Open(dir, snap)                   // before
	w, err := wal.Open(zap.NewNop(), dir, snap)     // after`

// New returns a new signatures analyzer.
func New(env lint.Env) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "signatures",
		Doc:              doc,
		URL:              lint.RuleURL("EC3203"),
		Requires:         env.Requires(),
		RunDespiteErrors: true,
		Run:              func(pass *analysis.Pass) (any, error) { return nil, run(pass, env) },
	}
}

// A change is a function whose parameters changed.
type change struct {
	canon, name string
	oldArity    int // number of arguments of the old signature
	rule        string
	at          int    // index the new argument goes to
	arg         string // "nil" or "zap"
	since       string
	what        string // the new parameter
}

// Covers reports whether the analyzer reports calls of the package-level
// function name of the canonical package canon for a change in the
// release line v.
func Covers(canon, name string, v rules.Version) bool {
	line := fmt.Sprintf("%d%d", v.Major, v.Minor)
	for _, c := range changes {
		if c.canon == canon && c.name == name && c.rule[2:4] == line {
			return true
		}
	}
	return false
}

var changes = []change{
	{"clientv3", "NewKVFromKVClient", 1, "EC3203", 1, "nil", "3.2.12", "c *Client"},
	{"clientv3", "NewClusterFromClusterClient", 1, "EC3203", 1, "nil", "3.2.12", "c *Client"},
	{"clientv3", "NewLeaseFromLeaseClient", 2, "EC3203", 1, "nil", "3.2.12", "c *Client"},
	{"clientv3", "NewMaintenanceFromMaintenanceClient", 1, "EC3203", 1, "nil", "3.2.12", "c *Client"},
	{"clientv3", "NewWatchFromWatchClient", 1, "EC3203", 1, "nil", "3.2.12", "c *Client"},
	{"wal", "Open", 2, "EC3409", 0, "zap", "3.4", "lg *zap.Logger"},
	{"wal", "OpenForRead", 2, "EC3409", 0, "zap", "3.4", "lg *zap.Logger"},
	{"wal", "Repair", 1, "EC3409", 0, "zap", "3.4", "lg *zap.Logger"},
	{"wal", "Create", 2, "EC3409", 0, "zap", "3.4", "lg *zap.Logger"},
	{"proxy/grpcproxy", "NewClusterProxy", 3, "EC3509", 0, "zap", "3.5", "lg *zap.Logger"},
	{"proxy/grpcproxy", "Register", 4, "EC3509", 0, "zap", "3.5", "lg *zap.Logger"},
	{"proxy/httpproxy", "NewHandler", 4, "EC3509", 0, "zap", "3.5", "lg *zap.Logger"},
	{"pkg/flags", "SetFlagsFromEnv", 2, "EC3509", 0, "zap", "3.5", "lg *zap.Logger"},
	{"pkg/flags", "SetPflagsFromEnv", 2, "EC3509", 0, "zap", "3.5", "lg *zap.Logger"},
}

func run(pass *analysis.Pass, env lint.Env) error {
	p := lint.New(pass, env, Rules()...)
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
		if !ok {
			return true
		}
		file := stack[0].(*ast.File)
		canon, name, syntax, ok := p.PkgMember(file, sel)
		if !ok {
			return true
		}
		if canon == "etcdserver" && name == "NewServer" {
			newServer(p, call, syntax)
			return true
		}
		for _, c := range changes {
			if c.canon != canon || c.name != name || len(call.Args) != c.oldArity || call.Ellipsis.IsValid() {
				continue
			}
			r := p.Rule(c.rule)
			if r == nil {
				continue
			}
			f := lint.Finding{
				Rule:    r,
				Node:    call,
				Message: fmt.Sprintf("%s.%s takes %s as argument %d from etcd %s", lint.DefaultName(canon), name, c.what, c.at+1, c.since),
				Syntax:  syntax,
			}
			text := c.arg
			var edits []analysis.TextEdit
			if c.arg == "zap" {
				var zapName string
				zapName, edits = p.AddImport(file, "go.uber.org/zap")
				text = zapName + ".NewNop()"
				f.Advice = "pass a *zap.Logger first"
			} else {
				f.Advice = "pass the *clientv3.Client (nil is accepted)"
			}
			var ins analysis.TextEdit
			if c.at == 0 {
				ins = analysis.TextEdit{Pos: call.Lparen + 1, End: call.Lparen + 1, NewText: []byte(text + ", ")}
			} else {
				end := call.Args[c.at-1].End()
				ins = analysis.TextEdit{Pos: end, End: end, NewText: []byte(", " + text)}
			}
			f.Fixes = []analysis.SuggestedFix{{Message: fmt.Sprintf("Insert %s as argument %d", text, c.at+1), TextEdits: append(edits, ins)}}
			p.Report(f)
		}
		return true
	})
	return nil
}

// newServer reports etcdserver.NewServer given a *ServerConfig.
func newServer(p *lint.Pass, call *ast.CallExpr, syntax bool) {
	r := p.Rule("EC3305")
	if r == nil || len(call.Args) != 1 {
		return
	}
	arg := call.Args[0]
	if _, isPtr := types.Unalias(p.TypesInfo.TypeOf(arg)).(*types.Pointer); !isPtr {
		return
	}
	text := "*" + p.Src(arg)
	if u, ok := ast.Unparen(arg).(*ast.UnaryExpr); ok && u.Op.String() == "&" {
		text = p.Src(u.X)
	}
	p.Report(lint.Finding{
		Rule:    r,
		Node:    arg,
		Message: "etcdserver.NewServer takes its ServerConfig by value from etcd 3.3",
		Advice:  "pass " + text,
		Syntax:  syntax,
		Fixes:   []analysis.SuggestedFix{{Message: "Pass the ServerConfig by value", TextEdits: []analysis.TextEdit{lint.Replace(arg, text)}}},
	})
}
