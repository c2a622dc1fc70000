// Package configfile defines an analyzer that reports calls to
// clientv3.NewFromConfigFile, removed in etcd 3.2, and rewrites them to
// yaml.NewConfig plus clientv3.New.
package configfile

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
)

// Rule is the rule this analyzer reports.
const Rule = "EC3205"

const doc = `report clientv3.NewFromConfigFile, removed in etcd 3.2

The YAML loader moved to the clientv3/yaml package, which returns a
*clientv3.Config for clientv3.New. The fix wraps both in a function
literal so it works wherever the call was:

	cli, err := clientv3.NewFromConfigFile(path)   // before
	cfg, err := yaml.NewConfig(path)               // after
	cli, err := clientv3.New(*cfg)`

// New returns a new configfile analyzer.
func New(env lint.Env) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "configfile",
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
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		call := n.(*ast.CallExpr)
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "NewFromConfigFile" {
			return true
		}
		file := stack[0].(*ast.File)
		canon, _, syntax, ok := p.PkgMember(file, sel)
		if !ok || canon != "clientv3" {
			return true
		}
		f := lint.Finding{
			Rule:    p.Rule(Rule),
			Node:    call,
			Message: "clientv3.NewFromConfigFile is removed in etcd 3.2",
			Advice:  "load the file with clientv3/yaml.NewConfig and pass *cfg to clientv3.New",
			Syntax:  syntax,
		}
		if len(call.Args) == 1 {
			x := sel.X.(*ast.Ident).Name
			clientPath := importPathOf(file, x)
			if clientPath != "" {
				// Import yaml from where it lives at the target, so the
				// fix composes with the import-path rewrite.
				yamlPath := clientPath + "/yaml"
				for _, h := range p.V.Paths.Forward(yamlPath, p.V.From, p.V.Target) {
					if h.To != "" {
						yamlPath = h.To
					}
				}
				name, edits := p.AddImport(file, yamlPath)
				arg := p.Src(call.Args[0])
				cfg, err := "cfg", "err"
				if strings.Contains(arg, "cfg") || strings.Contains(arg, "err") {
					cfg, err = "yamlCfg", "yamlErr"
				}
				text := "func() (*" + x + ".Client, error) {\n" +
					"\t" + cfg + ", " + err + " := " + name + ".NewConfig(" + arg + ")\n" +
					"\tif " + err + " != nil {\n\t\treturn nil, " + err + "\n\t}\n" +
					"\treturn " + x + ".New(*" + cfg + ")\n}()"
				f.Fixes = []analysis.SuggestedFix{{
					Message:   "Replace with yaml.NewConfig and clientv3.New",
					TextEdits: append(edits, lint.Replace(call, text)),
				}}
			}
		}
		p.Report(f)
		return true
	})
	values(p, ins)
	return nil
}

// values reports the uses of clientv3.NewFromConfigFile that run does not:
// function values (f := clientv3.NewFromConfigFile, func-typed variables
// and fields) and calls through a dot import. They have no fix.
func values(p *lint.Pass, ins *inspector.Inspector) {
	ins.WithStack([]ast.Node{(*ast.Ident)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		id := n.(*ast.Ident)
		fn, ok := p.TypesInfo.Uses[id].(*types.Func)
		if !ok || fn.Name() != "NewFromConfigFile" || fn.Pkg() == nil {
			return true
		}
		if c, ok := p.Canonical(fn.Pkg().Path()); !ok || c != "clientv3" {
			return true
		}
		var node ast.Node = id
		if len(stack) >= 2 {
			if sel, ok := stack[len(stack)-2].(*ast.SelectorExpr); ok && sel.Sel == id {
				node = sel
				if len(stack) >= 3 {
					if call, ok := stack[len(stack)-3].(*ast.CallExpr); ok && call.Fun == sel {
						return true // a qualified call: reported with its fix
					}
				}
			}
		}
		p.Report(lint.Finding{
			Rule:    p.Rule(Rule),
			Node:    node,
			Message: "clientv3.NewFromConfigFile is removed in etcd 3.2",
			Advice:  "load the file with clientv3/yaml.NewConfig and pass *cfg to clientv3.New",
		})
		return true
	})
}

// importPathOf returns the path of the import file binds to name.
func importPathOf(file *ast.File, name string) string {
	for _, spec := range file.Imports {
		path := lint.PathOf(spec)
		if lint.LocalName(spec, path) == name {
			return path
		}
	}
	return ""
}
