// Package importpath defines an analyzer that reports imports of etcd
// packages that moved or disappeared between the code's etcd version and
// the target, and rewrites them from the catalog's import-path table.
package importpath

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
)

// Rules returns the rules this analyzer reports.
func Rules() []string {
	return []string{"EC3303", "EC3401", "EC3402", "EC3408", "EC3414", "EC3501", "EC3506", "EC3601", "EC3602", "EC3603", "EC3713"}
}

const doc = `report etcd imports that move or disappear before the target

etcd's packages moved from github.com/coreos/etcd to go.etcd.io/etcd in 3.4
(EC3401, EC3402), split into modules in 3.5 (EC3501, EC3506), and moved
again in 3.6 (EC3601, EC3602). The fix rewrites the import from the import
table in the rule catalog and the finding's note gives the go get line:

	import "github.com/coreos/etcd/clientv3"     // before (3.3)
	import "go.etcd.io/etcd/client/v3"           // after (target 3.5+)

It also reports imports whose use alone is affected: the v2 client
(EC3414, EC3603), raftpb with a 3.7 target (EC3713), and
golang.org/x/net/context next to clientv3 (EC3303).`

// New returns a new importpath analyzer.
func New(env lint.Env) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "importpath",
		Doc:              doc,
		URL:              lint.RuleURL("EC3401"),
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
	for _, file := range p.Files() {
		usesClient := false
		hasContext := false
		for _, spec := range file.Imports {
			path := lint.PathOf(spec)
			if c, ok := p.Canonical(path); ok && c == "clientv3" {
				usesClient = true
			}
			if path == "context" {
				hasContext = true
			}
		}
		for _, spec := range file.Imports {
			path := lint.PathOf(spec)
			if path == "golang.org/x/net/context" {
				if usesClient {
					xnetContext(p, file, spec, hasContext)
				}
				continue
			}
			canon, ok := p.Canonical(path)
			if !ok {
				continue
			}
			moved(p, spec, path)
			switch {
			case canon == "client":
				if r := p.Rule("EC3414"); r != nil {
					p.Report(lint.Finding{Rule: r, Node: spec, Syntax: p.TypeErrors,
						Message: fmt.Sprintf("package %s uses the v2 API, which etcd 3.4+ servers serve only with --enable-v2=true and 3.6 not at all", path),
						Advice:  "port it to clientv3"})
				}
			case canon == "raft/raftpb" || strings.HasPrefix(canon, "raft/raftpb/"):
				if r := p.Rule("EC3713"); r != nil {
					p.Report(lint.Finding{Rule: r, Node: spec, Syntax: p.TypeErrors,
						Message: "raftpb types are no longer gogo-generated in go.etcd.io/raft/v3 v3.7.0, which etcd 3.7 requires",
						Advice:  "build raftpb messages through pointers and encode them with google.golang.org/protobuf/proto"})
				}
			}
		}
	}
	return nil
}

// moved reports an import the table moves or removes.
func moved(p *lint.Pass, spec *ast.ImportSpec, path string) {
	hops := p.V.Paths.Forward(path, p.V.From, p.V.Target)
	if len(hops) == 0 {
		return
	}
	r := p.Rule(hops[0].Move.Rule)
	if r == nil {
		return
	}
	var steps []string
	final, module, version := "", "", ""
	for _, h := range hops {
		if h.Move.Removed {
			steps = append(steps, fmt.Sprintf("is not part of etcd %s", h.Move.Since))
			continue
		}
		steps = append(steps, fmt.Sprintf("moved to %s in etcd %s", h.To, h.Move.Since))
		final = h.To
		if h.Move.Module != "" {
			module, version = h.Move.Module, p.V.Catalog.ModuleQuery(h.Move, p.V.Target)
		}
	}
	msg := fmt.Sprintf("package %s %s", path, strings.Join(steps, ", then "))
	f := lint.Finding{Rule: r, Node: spec.Path, Message: msg, Syntax: p.TypeErrors}
	if final != "" {
		text := strconv.Quote(final)
		oldName := lint.DefaultName(path)
		if pn, ok := p.TypesInfo.Implicits[spec].(*types.PkgName); ok {
			oldName = pn.Imported().Name()
		}
		if spec.Name == nil && oldName != lint.DefaultName(final) {
			text = oldName + " " + text
		}
		f.Fixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Import %s", final),
			TextEdits: []analysis.TextEdit{lint.Replace(spec.Path, text)},
		}}
		f.Advice = "import " + final
	} else {
		f.Advice = "port the code off it"
	}
	if module != "" {
		f.Note = fmt.Sprintf("run: go get %s@%s", module, version)
	}
	p.Report(f)
}

func xnetContext(p *lint.Pass, file *ast.File, spec *ast.ImportSpec, hasContext bool) {
	r := p.Rule("EC3303")
	if r == nil {
		return
	}
	f := lint.Finding{Rule: r, Node: spec.Path, Syntax: p.TypeErrors,
		Message: "clientv3 takes the standard context from etcd 3.3; golang.org/x/net/context is an alias only from Go 1.9",
		Advice:  "import context"}
	switch {
	case spec.Name != nil && spec.Name.Name != "context":
		// Renamed import: rewriting the path keeps the name.
		f.Fixes = []analysis.SuggestedFix{{Message: "Import context", TextEdits: []analysis.TextEdit{lint.Replace(spec.Path, `"context"`)}}}
	case hasContext:
		f.Fixes = []analysis.SuggestedFix{{Message: "Remove the golang.org/x/net/context import", TextEdits: []analysis.TextEdit{p.RemoveImport(file, spec)}}}
	default:
		f.Fixes = []analysis.SuggestedFix{{Message: "Import context", TextEdits: []analysis.TextEdit{lint.Replace(spec.Path, `"context"`)}}}
	}
	p.Report(f)
}
