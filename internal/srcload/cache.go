package srcload

import (
	"context"
	"crypto/sha256"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"slices"
	"sync"

	"golang.org/x/tools/go/packages"
)

// A Cache keeps the packages that its type-checks produced, so that a
// later [Cache.TypeCheck] of a graph that shares packages with an earlier
// one (the same module versions, the same files) takes their types,
// syntax and errors instead of checking them again. All its checks share
// one token.FileSet.
//
// A package is reused only when everything its check read is the same:
// its ID, the bytes of every file it is checked from (the overlay's
// content where it has the file, else the file's), whether it is checked
// in full or like a dependency, its Go version and sizes, and the very
// *types.Package of each of its imports. The last condition makes the
// decision transitive: a package whose dependency was checked again is
// checked again too, since its types refer to the dependency's old ones.
//
// The cache holds the packages of the last graph it checked: an entry
// the latest graph did not have is dropped.
type Cache struct {
	fset *token.FileSet

	mu      sync.Mutex
	entries map[string]*entry // by package ID
	pass    *Pass             // the check in progress
	passes  []Pass
}

// entry is one package as a check left it.
type entry struct {
	// key digests what the check read, but the imports.
	key [sha256.Size]byte
	// imports are the packages it was checked against, by import path.
	imports map[string]*types.Package
	types   *types.Package
	syntax  []*ast.File
	info    *types.Info
	// errors are the errors the check added to the package's own.
	errors []packages.Error
}

// Pass is what one [Cache.TypeCheck] did: the IDs of the packages it
// type-checked and of those it took from an earlier check, each sorted.
type Pass struct {
	Checked, Reused []string
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{fset: token.NewFileSet(), entries: map[string]*entry{}}
}

// TypeCheck is [TypeCheck] with the cache: the packages of roots' graph
// that an earlier check through c left as they would be checked now are
// taken from it, the others are checked and kept for the next call.
// Every package's Fset is the cache's. Calls must not overlap.
func (c *Cache) TypeCheck(ctx context.Context, roots []*packages.Package, overlay map[string][]byte) {
	c.mu.Lock()
	c.pass = &Pass{}
	c.mu.Unlock()
	typeCheck(ctx, roots, overlay, c)
	seen := map[string]bool{}
	packages.Visit(roots, nil, func(p *packages.Package) { seen[p.ID] = true })
	c.mu.Lock()
	defer c.mu.Unlock()
	for id := range c.entries {
		if !seen[id] {
			delete(c.entries, id)
		}
	}
	slices.Sort(c.pass.Checked)
	slices.Sort(c.pass.Reused)
	c.passes = append(c.passes, *c.pass)
	c.pass = nil
}

// Passes returns what each [Cache.TypeCheck] through c did, in order.
func (c *Cache) Passes() []Pass {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.passes)
}

// check type-checks p, whose imports are checked, or takes it from the
// cache.
func (c *Cache) check(p *packages.Package, overlay map[string][]byte, full bool) {
	if p.PkgPath == "unsafe" {
		checkPackage(c.fset, p, overlay, full, nil)
		return
	}
	contents := map[string][]byte{}
	key, keyed := c.key(p, overlay, full, contents)
	c.mu.Lock()
	e := c.entries[p.ID]
	c.mu.Unlock()
	if keyed && e != nil && e.key == key && sameImports(e.imports, p.Imports) {
		p.Fset = c.fset
		p.Types, p.Syntax, p.TypesInfo = e.types, e.syntax, e.info
		p.Errors = append(p.Errors, e.errors...)
		c.record(p.ID, true)
		return
	}
	n := len(p.Errors)
	checkPackage(c.fset, p, overlay, full, func(name string) ([]byte, error) {
		if b, ok := contents[name]; ok {
			return b, nil
		}
		return os.ReadFile(name)
	})
	c.record(p.ID, false)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !keyed || p.Types == nil {
		delete(c.entries, p.ID)
		return
	}
	imports := make(map[string]*types.Package, len(p.Imports))
	for path, dep := range p.Imports {
		imports[path] = dep.Types
	}
	c.entries[p.ID] = &entry{
		key:     key,
		imports: imports,
		types:   p.Types,
		syntax:  p.Syntax,
		info:    p.TypesInfo,
		errors:  slices.Clone(p.Errors[n:]),
	}
}

// key digests what checking p reads but its imports, reading each file
// (from the overlay where it has it) into contents; keyed is false when a
// file cannot be read, and p is then not kept.
func (c *Cache) key(p *packages.Package, overlay map[string][]byte, full bool, contents map[string][]byte) (key [sha256.Size]byte, keyed bool) {
	h := sha256.New()
	goVersion := ""
	if p.Module != nil {
		goVersion = p.Module.GoVersion
	}
	fmt.Fprintf(h, "%q %q %q %t %q %T%+v\n", p.ID, p.PkgPath, p.Name, isOwn(p, full), goVersion, p.TypesSizes, p.TypesSizes)
	for _, name := range sourceFiles(p) {
		b, ok := overlay[name]
		if !ok {
			var err error
			if b, err = os.ReadFile(name); err != nil {
				return key, false
			}
			contents[name] = b
		}
		fmt.Fprintf(h, "%q %x\n", name, sha256.Sum256(b))
	}
	copy(key[:], h.Sum(nil))
	return key, true
}

// sameImports reports whether p's imports, as checked now, are the very
// packages an entry was checked against.
func sameImports(was map[string]*types.Package, now map[string]*packages.Package) bool {
	if len(was) != len(now) {
		return false
	}
	for path, dep := range now {
		t, ok := was[path]
		if !ok || t == nil || t != dep.Types {
			return false
		}
	}
	return true
}

// record counts one package of the pass in progress.
func (c *Cache) record(id string, reused bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pass == nil {
		return
	}
	if reused {
		c.pass.Reused = append(c.pass.Reused, id)
	} else {
		c.pass.Checked = append(c.pass.Checked, id)
	}
}
