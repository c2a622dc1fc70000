package lint_test

import (
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/etcdlint/etcdlint/analyzers/internal/lint"
)

func TestAddImport(t *testing.T) {
	for _, tc := range []struct {
		name, src, path, wantName, want string
	}{
		{"no imports", "package a\n\nvar x = 1\n", "context", "context",
			"package a\n\nimport \"context\"\n\nvar x = 1\n"},
		{"single import", "package a\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n", "context", "context",
			"package a\n\nimport \"fmt\"\nimport \"context\"\n\nvar _ = fmt.Sprint\n"},
		{"group", "package a\n\nimport (\n\t\"fmt\"\n)\n\nvar _ = fmt.Sprint\n", "context", "context",
			"package a\n\nimport (\n\t\"context\"\n\t\"fmt\"\n)\n\nvar _ = fmt.Sprint\n"},
		{"already imported", "package a\n\nimport \"context\"\n\nvar _ context.Context\n", "context", "context",
			"package a\n\nimport \"context\"\n\nvar _ context.Context\n"},
		{"named import", "package a\n\nimport ctx \"context\"\n\nvar _ ctx.Context\n", "context", "ctx",
			"package a\n\nimport ctx \"context\"\n\nvar _ ctx.Context\n"},
		{"name taken", "package a\n\nimport context \"example.com/context\"\n\nvar _ context.T\n", "context", "context2",
			"package a\n\nimport context \"example.com/context\"\nimport context2 \"context\"\n\nvar _ context.T\n"},
		{"major version", "package a\n", "go.etcd.io/etcd/client/v3/snapshot", "snapshot",
			"package a\n\nimport \"go.etcd.io/etcd/client/v3/snapshot\"\n"},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "a.go", tc.src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		p := &lint.Pass{Pass: &analysis.Pass{Fset: fset, Files: []*ast.File{f}}}
		name, edits := p.AddImport(f, tc.path)
		if name != tc.wantName {
			t.Errorf("%s: name %q, want %q", tc.name, name, tc.wantName)
		}
		got := apply(fset, tc.src, edits)
		if got != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}

func apply(fset *token.FileSet, src string, edits []analysis.TextEdit) string {
	out := src
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		start, end := fset.Position(e.Pos).Offset, fset.Position(e.End).Offset
		out = out[:start] + string(e.NewText) + out[end:]
	}
	if f, err := format.Source([]byte(out)); err == nil {
		return string(f)
	}
	return out
}
