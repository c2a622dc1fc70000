// Package lint is the shared plumbing of etcdlint's rule analyzers: the
// required analyzers, version gating, suppression, recognising etcd objects
// under every historical import path, and import edits for fixes.
package lint

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/etcdlint/etcdlint/analyzers/directive"
	"github.com/etcdlint/etcdlint/analyzers/etcdversion"
	"github.com/etcdlint/etcdlint/rules"
)

// SyntaxOnly ends the message of a finding made from syntax alone, without
// type information (the package does not type-check); drivers mark such
// findings low confidence.
const SyntaxOnly = " (from syntax only)"

// NotePrefix starts the message of the related information that carries a
// finding's note (e.g. the go get lines to run).
const NotePrefix = "note: "

// SeverityPrefix starts the message of the related information that
// carries a finding's own severity when it differs from its rule's (e.g.
// the info finding at a declaration whose conversions are the errors).
const SeverityPrefix = "severity: "

// Env holds the analyzers every rule analyzer requires.
type Env struct {
	Version    *analysis.Analyzer
	Directives *analysis.Analyzer
}

// Requires returns the analyzers a rule analyzer lists in Requires.
func (e Env) Requires() []*analysis.Analyzer {
	return []*analysis.Analyzer{inspect.Analyzer, e.Version, e.Directives}
}

// Doc builds an analyzer Doc from the catalog: the given lowercase title,
// then the body with the before/after of each rule.
func Doc(title, body string) string {
	return title + "\n\n" + strings.TrimSpace(body)
}

// A Pass wraps an analysis.Pass with the versions and the suppressions.
type Pass struct {
	*analysis.Pass
	V    *etcdversion.Result
	dirs *directive.Set
	// TypeErrors is true when the package did not type-check.
	TypeErrors bool
}

// New returns the Pass for pass, or nil when there is nothing to do: the
// versions are unknown or none of ids applies between them.
func New(pass *analysis.Pass, env Env, ids ...string) *Pass {
	v := etcdversion.For(pass, env.Version)
	if v == nil || v.From.IsZero() {
		return nil
	}
	any := false
	for _, id := range ids {
		if v.Rule(id) != nil {
			any = true
		}
	}
	if !any {
		return nil
	}
	return &Pass{Pass: pass, V: v, dirs: pass.ResultOf[env.Directives].(*directive.Set), TypeErrors: len(pass.TypeErrors) > 0}
}

// NewVersioned returns the Pass for pass whenever the versions are known,
// for analyzers that decide per entry (by patch release) what applies;
// nil when they are unknown.
func NewVersioned(pass *analysis.Pass, env Env) *Pass {
	v := etcdversion.For(pass, env.Version)
	if v == nil || v.From.IsZero() || !v.From.Less(v.Target) {
		return nil
	}
	return &Pass{Pass: pass, V: v, dirs: pass.ResultOf[env.Directives].(*directive.Set), TypeErrors: len(pass.TypeErrors) > 0}
}

// Rule returns the rule if it applies between the versions, else nil.
func (p *Pass) Rule(id string) *rules.Rule { return p.V.Rule(id) }

// Files returns the package's files that are not generated.
func (p *Pass) Files() []*ast.File {
	var out []*ast.File
	for _, f := range p.Pass.Files {
		if !ast.IsGenerated(f) {
			out = append(out, f)
		}
	}
	return out
}

// Generated reports whether the file holding pos is generated.
func (p *Pass) Generated(pos token.Pos) bool {
	for _, f := range p.Pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return ast.IsGenerated(f)
		}
	}
	return false
}

// FileOf returns the file holding pos.
func (p *Pass) FileOf(pos token.Pos) *ast.File {
	for _, f := range p.Pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// A Finding is one diagnostic of a rule.
type Finding struct {
	Rule    *rules.Rule
	Node    analysis.Range
	Message string // the fact; the version context is appended
	Advice  string // optional, appended after ": "
	Note    string // optional note (go get lines)
	Fixes   []analysis.SuggestedFix
	// Syntax marks a finding made without type information.
	Syntax bool
	// Severity, when set and not the rule's, is this finding's own.
	Severity rules.Severity
}

// Report reports f unless it is suppressed or in a generated file.
func (p *Pass) Report(f Finding) {
	if f.Rule == nil || p.Generated(f.Node.Pos()) || p.dirs.Suppressed(p.Fset, f.Node.Pos(), f.Rule.ID) {
		return
	}
	msg := fmt.Sprintf("%s (%s)", f.Message, p.V.Describe())
	if f.Advice != "" {
		msg += ": " + f.Advice
	}
	if f.Syntax {
		msg += SyntaxOnly
	}
	d := analysis.Diagnostic{Pos: f.Node.Pos(), End: f.Node.End(), Category: f.Rule.ID, Message: msg, URL: f.Rule.URL(), SuggestedFixes: f.Fixes}
	if f.Note != "" {
		d.Related = []analysis.RelatedInformation{{Pos: f.Node.Pos(), End: f.Node.End(), Message: NotePrefix + f.Note}}
	}
	if f.Severity != 0 && f.Severity != f.Rule.Severity {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: f.Node.Pos(), End: f.Node.End(), Message: SeverityPrefix + f.Severity.String()})
	}
	p.Pass.Report(d)
}

// Suppressed reports whether a finding of rule at pos would be suppressed
// (by a directive or because it is in a generated file).
func (p *Pass) Suppressed(pos token.Pos, rule string) bool {
	return p.Generated(pos) || p.dirs.Matches(p.Fset, pos, rule)
}

// Canonical returns the canonical name of an etcd package path (see
// etcdpath.Table.Canonical).
func (p *Pass) Canonical(path string) (string, bool) { return p.V.Paths.Canonical(path) }

// IsObj reports whether obj is the package-level object name of the etcd
// package canon, whatever path the package was imported by.
func (p *Pass) IsObj(obj types.Object, canon, name string) bool {
	if obj == nil || obj.Pkg() == nil || obj.Name() != name {
		return false
	}
	c, ok := p.Canonical(obj.Pkg().Path())
	return ok && c == canon
}

// NamedOf returns the canonical package and name of t's named type (after
// one pointer indirection), if it is an etcd type.
func (p *Pass) NamedOf(t types.Type) (canon, name string, ok bool) {
	if t == nil {
		return "", "", false
	}
	t = types.Unalias(t)
	if ptr, isPtr := t.(*types.Pointer); isPtr {
		t = types.Unalias(ptr.Elem())
	}
	n, isNamed := t.(*types.Named)
	if !isNamed || n.Obj().Pkg() == nil {
		return "", "", false
	}
	c, isEtcd := p.Canonical(n.Obj().Pkg().Path())
	return c, n.Obj().Name(), isEtcd
}

// ImportedPath returns the import path an identifier used as a package
// qualifier refers to: from type information when there is some, else from
// the file's import specs (syntax reports whether it came from syntax).
func (p *Pass) ImportedPath(file *ast.File, id *ast.Ident) (path string, syntax bool, ok bool) {
	if obj, found := p.TypesInfo.Uses[id]; found {
		if pn, isPkg := obj.(*types.PkgName); isPkg {
			return pn.Imported().Path(), false, true
		}
		return "", false, false
	}
	if file == nil {
		return "", true, false
	}
	for _, spec := range file.Imports {
		ip, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		if LocalName(spec, ip) == id.Name {
			return ip, true, true
		}
	}
	return "", true, false
}

// LocalName is the name an import spec binds: its explicit name, else the
// last element of the path without a /vN major-version suffix.
func LocalName(spec *ast.ImportSpec, path string) string {
	if spec.Name != nil {
		return spec.Name.Name
	}
	return DefaultName(path)
}

// DefaultName guesses a package's name from its import path.
func DefaultName(path string) string {
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = elems[len(elems)-2]
	}
	last = strings.TrimPrefix(last, "go-")
	last = strings.TrimSuffix(last, ".v2")
	if i := strings.IndexAny(last, ".-"); i >= 0 {
		last = last[:i]
	}
	return last
}

// AddImport returns the name under which file can refer to the package at
// path and the edits that import it if the file does not already (none if
// it does). The import is added to the first import declaration, or after
// the package clause when there is none.
func (p *Pass) AddImport(file *ast.File, path string) (string, []analysis.TextEdit) {
	for _, spec := range file.Imports {
		if ip, err := strconv.Unquote(spec.Path.Value); err == nil && ip == path {
			if spec.Name == nil {
				return DefaultName(path), nil
			}
			if n := spec.Name.Name; n != "_" && n != "." {
				return n, nil
			}
		}
	}
	name := DefaultName(path)
	taken := func(n string) bool {
		for _, spec := range file.Imports {
			if ip, err := strconv.Unquote(spec.Path.Value); err == nil && LocalName(spec, ip) == n {
				return true
			}
		}
		return p.Pkg != nil && p.Pkg.Scope().Lookup(n) != nil
	}
	spec := strconv.Quote(path)
	if taken(name) {
		base := name
		for i := 2; taken(name); i++ {
			name = fmt.Sprintf("%s%d", base, i)
		}
		spec = name + " " + spec
	}
	if next := importNeighbour(file, path); next != nil {
		// Inserted at the start of the neighbour's line (before its doc
		// comment), where no other fix's deletion of that line overlaps
		// it; the fixer sorts the group afterwards.
		first := next.Pos()
		if next.Doc != nil {
			first = next.Doc.Pos()
		}
		if tf := p.Fset.File(first); tf != nil {
			at := tf.LineStart(tf.Line(first))
			return name, []analysis.TextEdit{{Pos: at, End: at, NewText: []byte("\t" + spec + "\n")}}
		}
	}
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if gd.Lparen.IsValid() {
			return name, []analysis.TextEdit{{Pos: gd.Lparen + 1, End: gd.Lparen + 1, NewText: []byte("\n\t" + spec)}}
		}
		return name, []analysis.TextEdit{{Pos: gd.End(), End: gd.End(), NewText: []byte("\nimport " + spec)}}
	}
	end := file.Name.End()
	return name, []analysis.TextEdit{{Pos: end, End: end, NewText: []byte("\n\nimport " + spec)}}
}

// importNeighbour returns the import spec of a parenthesised import
// declaration beside which an import of path belongs, so that it lands in
// the group goimports would put it in: the spec sharing the longest
// path prefix with it, else, for a standard-library path, the first spec
// and, for any other path, the first spec outside the standard library or
// the last spec when there is none (the choice
// golang.org/x/tools/go/ast/astutil.AddNamedImport makes).
// It returns nil when there is no parenthesised declaration.
func importNeighbour(file *ast.File, path string) *ast.ImportSpec {
	var best *ast.ImportSpec
	bestLen := -1
	thirdParty := isThirdParty(path)
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT || !gd.Lparen.IsValid() {
			continue
		}
		seenThirdParty := false
		for _, s := range gd.Specs {
			spec := s.(*ast.ImportSpec)
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil || p == "C" {
				continue
			}
			n := sharedSegments(p, path)
			if n > bestLen || (bestLen == 0 && thirdParty && !seenThirdParty) {
				best, bestLen = spec, n
			}
			seenThirdParty = seenThirdParty || isThirdParty(p)
		}
	}
	return best
}

// isThirdParty reports whether an import path is outside the standard
// library (its first element has a dot, as goimports decides).
func isThirdParty(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return strings.Contains(first, ".")
}

// sharedSegments is the number of whole path elements x and y share.
func sharedSegments(x, y string) int {
	n := 0
	for i := 0; i < len(x) && i < len(y) && x[i] == y[i]; i++ {
		if x[i] == '/' {
			n++
		}
	}
	short, long := x, y
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) < len(long) && strings.HasPrefix(long, short) && long[len(short)] == '/' {
		n++ // one path is a parent of the other: their last shared element counts
	}
	return n
}

// Replace returns an edit replacing the source of n with text.
func Replace(n analysis.Range, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: n.Pos(), End: n.End(), NewText: []byte(text)}
}

// Src returns the source text of a node.
func (p *Pass) Src(n ast.Node) string {
	f := p.Fset.File(n.Pos())
	if f == nil {
		return ""
	}
	for _, af := range p.Pass.Files {
		if af.FileStart <= n.Pos() && n.End() <= af.FileEnd {
			if content, err := p.ReadFile(f.Name()); err == nil {
				start, end := f.Offset(n.Pos()), f.Offset(n.End())
				if end <= len(content) {
					return string(content[start:end])
				}
			}
		}
	}
	if e, ok := n.(ast.Expr); ok {
		return types.ExprString(e)
	}
	return ""
}

// RemoveImport returns the edit deleting spec from file: the whole
// declaration when it is the only spec, else the spec's line.
func (p *Pass) RemoveImport(file *ast.File, spec *ast.ImportSpec) analysis.TextEdit {
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, s := range gd.Specs {
			if s != spec {
				continue
			}
			if len(gd.Specs) == 1 {
				return analysis.TextEdit{Pos: gd.Pos(), End: gd.End()}
			}
			tf := p.Fset.File(spec.Pos())
			line := tf.Line(spec.Pos())
			start := tf.LineStart(line)
			end := spec.End()
			if line < tf.LineCount() {
				end = tf.LineStart(line + 1)
			}
			return analysis.TextEdit{Pos: start, End: end}
		}
	}
	return analysis.TextEdit{Pos: spec.Pos(), End: spec.End()}
}

// ImportSpecOf returns the import spec of file that binds the package name
// pn, if any.
func (p *Pass) ImportSpecOf(file *ast.File, pn *types.PkgName) *ast.ImportSpec {
	for _, spec := range file.Imports {
		if obj := p.TypesInfo.Defs[spec.Name]; spec.Name != nil && obj == pn {
			return spec
		}
		if obj := p.TypesInfo.Implicits[spec]; obj == pn {
			return spec
		}
	}
	return nil
}

// UsesEtcd reports whether any file of the package imports an etcd package.
func (p *Pass) UsesEtcd() bool {
	for _, f := range p.Pass.Files {
		for _, spec := range f.Imports {
			if ip, err := strconv.Unquote(spec.Path.Value); err == nil {
				if _, ok := p.Canonical(ip); ok {
					return true
				}
			}
		}
	}
	return false
}

// PathOf returns an import spec's path ("" if malformed).
func PathOf(spec *ast.ImportSpec) string {
	p, err := strconv.Unquote(spec.Path.Value)
	if err != nil {
		return ""
	}
	return p
}

// RuleURL is the documentation URL of a rule.
func RuleURL(id string) string { return rules.DocsURL + "#" + strings.ToLower(id) }

// PkgMember resolves a package-qualified selector X.Sel to the canonical
// etcd package and member name, from type information when X resolves,
// else from the file's import specs (syntax is then true).
func (p *Pass) PkgMember(file *ast.File, sel *ast.SelectorExpr) (canon, name string, syntax, ok bool) {
	x, isIdent := sel.X.(*ast.Ident)
	if !isIdent {
		return "", "", false, false
	}
	if obj := p.TypesInfo.Uses[sel.Sel]; obj != nil {
		if obj.Pkg() == nil {
			return "", "", false, false
		}
		if _, isPkg := p.TypesInfo.Uses[x].(*types.PkgName); !isPkg {
			return "", "", false, false
		}
		c, isEtcd := p.Canonical(obj.Pkg().Path())
		return c, obj.Name(), false, isEtcd
	}
	path, syntax, found := p.ImportedPath(file, x)
	if !found {
		return "", "", false, false
	}
	c, isEtcd := p.Canonical(path)
	return c, sel.Sel.Name, syntax || p.TypeErrors, isEtcd
}
