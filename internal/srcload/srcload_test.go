package srcload

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestTypeCheck: the module's packages get syntax and type information,
// dependencies only types (no function bodies checked), errors land on
// the package that has them and IllTyped on every package above it.
func TestTypeCheck(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26.0\n",
		"a/a.go": "package a\n\nimport \"strings\"\n\n// F is broken.\nfunc F() int { return strings.Missing() }\n\n// G is fine.\nfunc G() string { return strings.ToUpper(\"x\") }\n",
		"b/b.go": "package b\n\nimport \"example.com/m/a\"\n\n// H uses a.\nfunc H() string { return a.G() }\n",
		"c/c.go": "package c\n\nimport \"fmt\"\n\n// P prints.\nfunc P() { fmt.Println(1) }\n",
		"d/d.go": "package d\n\nfunc D() { var x int = \"s\"; _ = x }\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	overlay := map[string][]byte{filepath.Join(dir, "d", "d.go"): []byte("package d\n\n// D is fixed by the overlay.\nfunc D() { var x int = 1; _ = x }\n")}
	pkgs, err := packages.Load(&packages.Config{Mode: Mode, Dir: dir, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"), Overlay: overlay}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	TypeCheck(context.Background(), pkgs, overlay)
	byPath := map[string]*packages.Package{}
	packages.Visit(pkgs, nil, func(p *packages.Package) { byPath[p.PkgPath] = p })
	a, b, c, d, fmtPkg := byPath["example.com/m/a"], byPath["example.com/m/b"], byPath["example.com/m/c"], byPath["example.com/m/d"], byPath["fmt"]
	if a == nil || b == nil || c == nil || d == nil || fmtPkg == nil {
		t.Fatalf("packages missing: %v", byPath)
	}
	if len(a.Errors) != 1 || !a.IllTyped {
		t.Errorf("a: errors %v, IllTyped %v; want the one undefined call", a.Errors, a.IllTyped)
	}
	if len(b.Errors) != 0 || !b.IllTyped {
		t.Errorf("b: errors %v, IllTyped %v; want none of its own but ill-typed through a", b.Errors, b.IllTyped)
	}
	if c.IllTyped || c.TypesInfo == nil || len(c.Syntax) != 1 || c.Types == nil {
		t.Errorf("c: IllTyped %v, info %v, %d files", c.IllTyped, c.TypesInfo != nil, len(c.Syntax))
	}
	if len(d.Errors) != 0 {
		t.Errorf("d: the overlay was not used: %v", d.Errors)
	}
	if fmtPkg.Types == nil || fmtPkg.Types.Scope().Lookup("Println") == nil || fmtPkg.Syntax != nil || fmtPkg.IllTyped {
		t.Errorf("fmt: types %v, syntax kept %v, IllTyped %v", fmtPkg.Types != nil, fmtPkg.Syntax != nil, fmtPkg.IllTyped)
	}
}
