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
	writeFiles(t, dir, files)
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

// TestTypeCheckTestVariant: with tests, a package beside its test
// variant is checked like a dependency (one copy of the syntax and type
// information), the variant in full; an error in the shared files still
// makes the plain package and its importers ill-typed.
func TestTypeCheckTestVariant(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":      "module example.com/m\n\ngo 1.26.0\n",
		"a/a.go":      "package a\n\n// F is broken in its body only.\nfunc F() int { var s string = 1; return len(s) }\n",
		"a/a_test.go": "package a\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { F() }\n",
		"b/b.go":      "package b\n\nimport \"example.com/m/a\"\n\n// G uses a.\nfunc G() int { return a.F() }\n",
		"b/b_test.go": "package b\n\nimport \"testing\"\n\nfunc TestG(t *testing.T) { G() }\n",
		"c/c.go":      "package c\n\n// H is fine.\nfunc H() int { return 1 }\n",
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
	pkgs, err := packages.Load(&packages.Config{Mode: Mode, Dir: dir, Tests: true, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	TypeCheck(context.Background(), pkgs, nil)
	byID := map[string]*packages.Package{}
	packages.Visit(pkgs, nil, func(p *packages.Package) { byID[p.ID] = p })
	a, av := byID["example.com/m/a"], byID["example.com/m/a [example.com/m/a.test]"]
	b, bv := byID["example.com/m/b"], byID["example.com/m/b [example.com/m/b.test]"]
	c := byID["example.com/m/c"]
	if a == nil || av == nil || b == nil || bv == nil || c == nil {
		t.Fatalf("packages missing: %v", byID)
	}
	if a.Syntax != nil || a.TypesInfo != nil || a.Types == nil || len(a.Errors) != 0 {
		t.Errorf("a beside its variant: syntax %v, info %v, types %v, errors %v; want types only", a.Syntax != nil, a.TypesInfo != nil, a.Types != nil, a.Errors)
	}
	if len(av.Syntax) != 2 || av.TypesInfo == nil || len(av.Errors) != 1 {
		t.Errorf("a's variant: %d files, info %v, errors %v; want both files in full and the body error", len(av.Syntax), av.TypesInfo != nil, av.Errors)
	}
	if !a.IllTyped || !b.IllTyped || !bv.IllTyped {
		t.Errorf("IllTyped: a %v, b %v, b's variant %v; want all through a's body error", a.IllTyped, b.IllTyped, bv.IllTyped)
	}
	if c.IllTyped || len(c.Syntax) != 1 || c.TypesInfo == nil {
		t.Errorf("c has no tests: IllTyped %v, %d files, info %v; want it in full", c.IllTyped, len(c.Syntax), c.TypesInfo != nil)
	}
}
