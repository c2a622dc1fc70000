// Package srcload type-checks Go packages from source, as gopls does: the
// main module's packages in full, every dependency without function
// bodies, so that nothing is compiled to export data. The import graph
// comes from go list (go/packages with [Mode]); [TypeCheck] fills in the
// syntax and types. A [Cache] lets a later check of a graph take the
// packages an earlier one checked, when nothing they were checked from
// changed.
package srcload

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
	"golang.org/x/tools/go/packages"
)

// Mode is the go/packages load mode that gives [TypeCheck] the import
// graph it needs, without types.
const Mode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
	packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes | packages.NeedForTest

// TypeCheck type-checks the import graph of roots, loaded with [Mode],
// from source: the main module's packages in full with syntax and type
// information, every dependency keeping only its types, without its
// function bodies unless the build list raised one of its imports above
// what its go.mod requires (see raised). It fills Fset, Syntax, Types, TypesInfo, IllTyped (set when
// the package or a dependency has errors) and the parse and type errors
// of every package, using the overlay's content where it has a file.
//
// A main-module package whose files another package of the graph checks
// in full is itself checked like a dependency, to hold one copy of the
// syntax and type information, not two: a package p beside its test
// variant "p [p.test]" (the same files and the tests), and a variant
// "q [p.test]" recompiled for p's tests beside q itself. The full
// package's errors in the shared files still make it ill-typed; the
// errors themselves are the full package's.
func TypeCheck(ctx context.Context, roots []*packages.Package, overlay map[string][]byte) {
	typeCheck(ctx, roots, overlay, nil)
}

// typeCheck is [TypeCheck], reusing and filling c when it is not nil.
func typeCheck(ctx context.Context, roots []*packages.Package, overlay map[string][]byte, c *Cache) {
	fset := token.NewFileSet()
	if c != nil {
		fset = c.fset
	}
	type node struct {
		done chan struct{}
	}
	nodes := map[*packages.Package]*node{}
	var all []*packages.Package
	packages.Visit(roots, nil, func(p *packages.Package) {
		nodes[p] = &node{done: make(chan struct{})}
		all = append(all, p)
	})
	cover := covers(all)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for p, n := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(n.done)
			for _, dep := range p.Imports {
				if d := nodes[dep]; d != nil {
					<-d.done
				}
			}
			if ctx.Err() != nil {
				return
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			if c == nil {
				checkPackage(fset, p, overlay, cover[p] == nil, nil)
				return
			}
			c.check(p, overlay, cover[p] == nil)
		}()
	}
	wg.Wait()
	packages.Visit(roots, nil, func(p *packages.Package) {
		p.IllTyped = len(p.Errors) > 0 || cover[p] != nil && errorsIn(cover[p], p)
		for _, dep := range p.Imports {
			p.IllTyped = p.IllTyped || dep.IllTyped
		}
	})
}

// covers maps each main-module package whose files another package of
// the graph checks in full to that package (see [TypeCheck]).
func covers(all []*packages.Package) map[*packages.Package]*packages.Package {
	main := func(p *packages.Package) bool { return p.Module != nil && p.Module.Main }
	plain := map[string]*packages.Package{}   // package path -> p
	variant := map[string]*packages.Package{} // package path -> "p [p.test]"
	for _, p := range all {
		switch {
		case !main(p):
		case p.ForTest == "":
			plain[p.PkgPath] = p
		case p.ForTest == p.PkgPath:
			variant[p.PkgPath] = p
		}
	}
	out := map[*packages.Package]*packages.Package{}
	for _, p := range all {
		if !main(p) {
			continue
		}
		switch {
		case p.ForTest == "" && variant[p.PkgPath] != nil:
			out[p] = variant[p.PkgPath]
		case p.ForTest != "" && p.ForTest != p.PkgPath && plain[p.PkgPath] != nil && samePackage(p, plain[p.PkgPath]):
			// "q [p.test]": q's own files, checked in q (or in its
			// own test variant, which covers q in turn).
			full := plain[p.PkgPath]
			if v := variant[p.PkgPath]; v != nil {
				full = v
			}
			out[p] = full
		}
	}
	return out
}

// samePackage reports whether a and b are built from the same files (a
// test variant "q [p.test]" of q, not the external test package
// "p_test [p.test]").
func samePackage(a, b *packages.Package) bool {
	return a.Name == b.Name && slices.Equal(a.CompiledGoFiles, b.CompiledGoFiles)
}

// errorsIn reports whether full has an error in one of p's files.
func errorsIn(full, p *packages.Package) bool {
	own := map[string]bool{}
	for _, f := range p.CompiledGoFiles {
		own[f] = true
	}
	for _, e := range full.Errors {
		file := e.Pos
		if i := strings.Index(file, ".go:"); i >= 0 {
			file = file[:i+3]
		}
		if own[file] {
			return true
		}
	}
	return false
}

// checkPackage parses and type-checks one package whose imports are
// already checked.
// With full unset a main-module package is checked like a dependency.
// With src set, each file's content is read through it (the overlay's
// content or the file's bytes) rather than by the parser.
func checkPackage(fset *token.FileSet, p *packages.Package, overlay map[string][]byte, full bool, src func(name string) ([]byte, error)) {
	p.Fset = fset
	if p.PkgPath == "unsafe" {
		p.Types = types.Unsafe
		return
	}
	own := isOwn(p, full)
	mode := parser.SkipObjectResolution
	if own {
		mode |= parser.ParseComments | parser.AllErrors
	}
	var syntax []*ast.File
	for _, name := range sourceFiles(p) {
		var content any
		if b, ok := overlay[name]; ok {
			content = b
		} else if src != nil {
			b, err := src(name)
			if err != nil {
				p.Errors = append(p.Errors, packages.Error{Msg: err.Error(), Kind: packages.ParseError})
				continue
			}
			content = b
		}
		f, err := parser.ParseFile(fset, name, content, mode)
		if f != nil {
			syntax = append(syntax, f)
		}
		if list, ok := err.(scanner.ErrorList); ok {
			for _, e := range list {
				p.Errors = append(p.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		} else if err != nil {
			p.Errors = append(p.Errors, packages.Error{Msg: err.Error(), Kind: packages.ParseError})
		}
	}
	info := &types.Info{}
	if own {
		info = &types.Info{
			Types:        map[ast.Expr]types.TypeAndValue{},
			Defs:         map[*ast.Ident]types.Object{},
			Uses:         map[*ast.Ident]types.Object{},
			Implicits:    map[ast.Node]types.Object{},
			Selections:   map[*ast.SelectorExpr]*types.Selection{},
			Scopes:       map[ast.Node]*types.Scope{},
			Instances:    map[*ast.Ident]types.Instance{},
			FileVersions: map[*ast.File]string{},
		}
	}
	goVersion := ""
	if p.Module != nil && p.Module.GoVersion != "" {
		goVersion = "go" + p.Module.GoVersion
	}
	cfg := &types.Config{
		GoVersion:        goVersion,
		IgnoreFuncBodies: !own && !raised(p),
		Sizes:            p.TypesSizes,
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			dep := p.Imports[path]
			if dep == nil || dep.Types == nil {
				return nil, fmt.Errorf("package %s not loaded", path)
			}
			return dep.Types, nil
		}),
		Error: func(err error) {
			te, ok := err.(types.Error)
			if !ok {
				p.Errors = append(p.Errors, packages.Error{Msg: err.Error(), Kind: packages.TypeError})
				return
			}
			if te.Soft && !own {
				return // unused variables and imports in a dependency
			}
			pos := te.Fset.Position(te.Pos)
			p.Errors = append(p.Errors, packages.Error{Pos: pos.String(), Msg: te.Msg, Kind: packages.TypeError})
		},
	}
	pkg, _ := cfg.Check(p.PkgPath, fset, syntax, info)
	p.Types, p.Syntax, p.TypesInfo = pkg, syntax, info
	if !own {
		p.Syntax, p.TypesInfo = nil, nil // only the types are kept
	}
}

// raised reports whether the dependency p imports a package of a module
// that the build list selects above the version p's own module requires.
// Such a dependency's function bodies may no longer compile (a changed
// API used only inside them: klog v2.4 comparing a logr.Logger with nil
// once logr v1 makes it a struct), which a check without bodies does not
// see, so p is checked with its bodies. The bodies of a dependency whose
// imports are at the versions it asks for compiled where it was tested.
func raised(p *packages.Package) bool {
	if p.Module == nil || p.Module.Main || p.Module.GoMod == "" {
		return false
	}
	data, err := os.ReadFile(p.Module.GoMod)
	if err != nil {
		return false
	}
	f, err := modfile.ParseLax(p.Module.GoMod, data, nil)
	if err != nil {
		return false
	}
	req := make(map[string]string, len(f.Require))
	for _, r := range f.Require {
		req[r.Mod.Path] = r.Mod.Version
	}
	for _, q := range p.Imports {
		m := q.Module
		if m == nil || m.Path == p.Module.Path {
			continue
		}
		if want, ok := req[m.Path]; ok && semver.Compare(m.Version, want) > 0 {
			return true
		}
	}
	return false
}

// isOwn reports whether p is checked in full: a main-module package
// that no other package of the graph covers.
func isOwn(p *packages.Package, full bool) bool {
	return p.Module != nil && p.Module.Main && full
}

// sourceFiles are the files p is type-checked from.
func sourceFiles(p *packages.Package) []string {
	if len(p.CompiledGoFiles) == 0 {
		return p.GoFiles
	}
	return p.CompiledGoFiles
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
