package srcload

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// writeFiles writes the files (slash-separated names) below dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// loadChecked loads ./... in dir and type-checks it through c.
func loadChecked(t *testing.T, c *Cache, dir string, overlay map[string][]byte) map[string]*packages.Package {
	t.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: Mode, Dir: dir, Tests: true, Overlay: overlay,
		Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	c.TypeCheck(context.Background(), pkgs, overlay)
	byID := map[string]*packages.Package{}
	packages.Visit(pkgs, nil, func(p *packages.Package) { byID[p.ID] = p })
	return byID
}

// TestCacheReuse: a second check of an unchanged tree takes every package
// from the cache; after an edit that changes a type, the edited package
// and the packages above it are checked again and see the change, the
// others are still taken; a file whose overlay content is written to
// disk is the same file.
func TestCacheReuse(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":      "module example.com/m\n\ngo 1.26.0\n",
		"a/a.go":      "package a\n\n// F returns a number.\nfunc F() int { return 1 }\n",
		"b/b.go":      "package b\n\nimport \"example.com/m/a\"\n\n// G doubles F.\nfunc G() int { return 2 * a.F() }\n",
		"b/b_test.go": "package b\n\nimport \"testing\"\n\nfunc TestG(t *testing.T) { G() }\n",
		"top/top.go":  "package top\n\nimport \"example.com/m/b\"\n\n// H uses b.\nfunc H() int { return b.G() }\n",
		"c/c.go":      "package c\n\nimport \"fmt\"\n\n// P prints.\nfunc P() { fmt.Println(1) }\n",
		"d/d.go":      "package d\n\nfunc D() { var x int = \"s\"; _ = x }\n",
	})
	dFile := filepath.Join(dir, "d", "d.go")
	fixedD := "package d\n\n// D is fixed.\nfunc D() { var x int = 1; _ = x }\n"
	c := NewCache()
	first := loadChecked(t, c, dir, map[string][]byte{dFile: []byte(fixedD)})
	passes := c.Passes()
	if len(passes) != 1 || len(passes[0].Reused) != 0 || !slices.Contains(passes[0].Checked, "fmt") {
		t.Fatalf("first check: %+v; want everything checked", passes)
	}
	all := passes[0].Checked

	// Unchanged, with the overlay's content now on disk.
	writeFiles(t, dir, map[string]string{"d/d.go": fixedD})
	second := loadChecked(t, c, dir, nil)
	p := c.Passes()[1]
	if len(p.Checked) != 0 || !slices.Equal(p.Reused, all) {
		t.Errorf("unchanged tree: checked %q, reused %d of %d", p.Checked, len(p.Reused), len(all))
	}
	for id, pkg := range second {
		if id != "unsafe" && (pkg.Types == nil || pkg.Types != first[id].Types) {
			t.Errorf("%s: not the first check's types", id)
		}
		if pkg.Fset != first[id].Fset {
			t.Errorf("%s: another file set", id)
		}
	}
	if d := second["example.com/m/d"]; len(d.Errors) != 0 || d.TypesInfo == nil || len(d.Syntax) != 1 {
		t.Errorf("d taken from the cache: errors %v, info %v, %d files", d.Errors, d.TypesInfo != nil, len(d.Syntax))
	}

	// a's F now returns a string: a and everything that imports it,
	// directly or not, must be checked again.
	writeFiles(t, dir, map[string]string{"a/a.go": "package a\n\n// F returns a word.\nfunc F() string { return \"one\" }\n"})
	third := loadChecked(t, c, dir, nil)
	p = c.Passes()[2]
	want := []string{"example.com/m/a", "example.com/m/b", "example.com/m/b [example.com/m/b.test]", "example.com/m/b.test", "example.com/m/top"}
	if !slices.Equal(p.Checked, want) {
		t.Errorf("after editing a: checked %q, want %q", p.Checked, want)
	}
	for _, id := range []string{"fmt", "example.com/m/c", "example.com/m/d"} {
		if !slices.Contains(p.Reused, id) {
			t.Errorf("after editing a: %s not reused (reused %q)", id, p.Reused)
		}
	}
	bv := third["example.com/m/b [example.com/m/b.test]"]
	if len(bv.Errors) == 0 || !strings.Contains(bv.Errors[0].Msg, "string") {
		t.Errorf("b does not see F's new type: errors %v", bv.Errors)
	}
	if top := third["example.com/m/top"]; !top.IllTyped {
		t.Error("top is not ill-typed through b")
	}

	// An overlay that differs from the disk is another file.
	fourth := loadChecked(t, c, dir, map[string][]byte{dFile: []byte("package d\n\nfunc D() { var x int = 2.5; _ = x }\n")})
	p = c.Passes()[3]
	if !slices.Equal(p.Checked, []string{"example.com/m/d"}) || len(fourth["example.com/m/d"].Errors) == 0 {
		t.Errorf("d with another overlay: checked %q, errors %v", p.Checked, fourth["example.com/m/d"].Errors)
	}

	// The cache keeps the last graph only: after a check of nothing,
	// nothing is left to take.
	c.TypeCheck(context.Background(), nil, nil)
	loadChecked(t, c, dir, nil)
	if p := c.Passes()[5]; len(p.Reused) != 0 || !slices.Equal(p.Checked, all) {
		t.Errorf("after a check of nothing: reused %q", p.Reused)
	}
}
