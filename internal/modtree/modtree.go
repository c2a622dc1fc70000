// Package modtree walks the Go source files of one module the way the go
// command sees its packages: vendor/, testdata/, directories whose name
// begins with "." or "_" and nested modules are left out, and only
// regular files are read, so a planted symlink is never followed.
package modtree

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/etcdlint/etcdlint/internal/safeio"
)

// File is one Go source file of a module, parsed up to its imports.
type File struct {
	Path string // the file's path: root joined with its name in the module
	// Src is the content the syntax was parsed from: the overlay's when
	// the overlay holds the file, else what is on disk.
	Src []byte
	// Overlaid reports whether Src came from the overlay.
	Overlaid bool
	Syntax   *ast.File      // parsed with parser.ImportsOnly
	Fset     *token.FileSet // positions of Syntax
}

// skipped reports whether the go command leaves a directory of this
// name out of a module's packages.
func skipped(name string) bool {
	return name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// Imports calls fn for every Go source file of the module rooted at
// root, parsed up to its imports. overlay (may be nil) replaces files'
// contents by path, as go/packages' Overlay does. Files over maxFile
// bytes, files that cannot be read and files that do not parse are
// passed over: the package load that follows reports them. An error
// from fn stops the walk and is returned.
func Imports(root string, overlay map[string][]byte, maxFile int64, fn func(File) error) error {
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == root {
				return nil
			}
			if skipped(d.Name()) {
				return filepath.SkipDir
			}
			if _, err := os.Lstat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, overlaid := overlay[path]
		if !overlaid {
			if src, err = safeio.ReadFile(path, maxFile); err != nil {
				return nil
			}
		}
		f, err := parser.ParseFile(fset, path, src, parser.ImportsOnly)
		if err != nil {
			return nil
		}
		return fn(File{Path: path, Src: src, Overlaid: overlaid, Syntax: f, Fset: fset})
	})
	if err != nil {
		return fmt.Errorf("walking %s: %w", root, err)
	}
	return nil
}
