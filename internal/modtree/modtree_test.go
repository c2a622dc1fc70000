package modtree

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestImports: the walk sees the module's own packages only, reads no
// symlink, takes the overlay's content and passes over what it cannot
// read or parse.
func TestImports(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write := func(dir, name, content string) string {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pkg := func(imp string) string { return "package p\n\nimport \"" + imp + "\"\n" }
	write(root, "go.mod", "module example.com/m\n")
	write(root, "a.go", pkg("a"))
	write(root, "sub/b.go", pkg("b"))
	over := write(root, "sub/c.go", pkg("disk"))
	write(root, "vendor/v/v.go", pkg("vendor"))
	write(root, "testdata/t.go", pkg("testdata"))
	write(root, ".hidden/h.go", pkg("hidden"))
	write(root, "_skip/s.go", pkg("underscore"))
	write(root, "nested/go.mod", "module example.com/n\n")
	write(root, "nested/n.go", pkg("nested"))
	write(root, "broken.go", "package p\n\nimport (\n")
	write(root, "big.go", pkg("big")+"// "+string(make([]byte, 200))+"\n")
	target := write(outside, "x.go", pkg("outside"))
	if err := os.Symlink(target, filepath.Join(root, "link.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "linkdir")); err != nil {
		t.Fatal(err)
	}

	var got []string
	overlay := map[string][]byte{over: []byte(pkg("overlay"))}
	err := Imports(root, overlay, 100, func(f File) error {
		for _, imp := range f.Syntax.Imports {
			got = append(got, imp.Path.Value)
		}
		if f.Overlaid != (f.Path == over) {
			t.Errorf("%s: Overlaid = %v", f.Path, f.Overlaid)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	want := []string{`"a"`, `"b"`, `"overlay"`}
	if !slices.Equal(got, want) {
		t.Errorf("imports %v, want %v", got, want)
	}

	stop := errors.New("stop")
	if err := Imports(root, nil, 100, func(File) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("an error from fn: got %v", err)
	}
}
