package codecheck

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/imports"

	"github.com/etcdlint/etcdlint/internal/safeio"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// maxFixFile bounds a file a fix is applied to.
const maxFixFile = 64 << 20

// fileChange is one file's content before and after the fixes.
type fileChange struct {
	before, after []byte
}

// fixedFiles maps file paths (relative to the run's directory, slash
// separated) to their changes.
type fixedFiles map[string]*fileChange

// span is one accepted edit of a file.
type span struct {
	start, end int
	text       string
}

func (s span) overlaps(t span) bool {
	if s == t {
		return false // the same edit, proposed twice (e.g. by two diagnostics)
	}
	if s.start == s.end && t.start == t.end {
		return false // two insertions at one point: applied in order
	}
	// Half-open ranges; an insertion overlaps a replacement only strictly
	// inside it.
	return s.start < t.end && t.start < s.end
}

// applyFixes computes the files that result from applying the first
// suggested fix of each finding, in report order. A fix is applied whole
// or not at all: one that overlaps an already accepted edit is skipped and
// reported as a problem (running again applies it). The results are
// gofmt-formatted and imports the fixes left unused are removed, as go fix
// does.
func applyFixes(dir string, findings []report.Finding, pkgOf map[string]*packages.Package) (fixedFiles, []report.Problem) {
	var problems []report.Problem
	contents := map[string][]byte{}
	accepted := map[string][]span{}
	for _, f := range findings {
		if f.Fix == nil || len(f.Fix.Edits) == 0 {
			continue
		}
		ok := true
		proposed := map[string][]span{}
		for _, e := range f.Fix.Edits {
			if _, read := contents[e.File]; !read {
				b, err := safeio.ReadFile(filepath.Join(dir, filepath.FromSlash(e.File)), maxFixFile)
				if err != nil {
					problems = append(problems, fixProblem(f, e, fmt.Sprintf("cannot read the file: %v", err)))
					ok = false
					break
				}
				contents[e.File] = b
			}
			if e.Start < 0 || e.End < e.Start || e.End > len(contents[e.File]) {
				problems = append(problems, fixProblem(f, e, "the file changed since it was analysed"))
				ok = false
				break
			}
			s := span{e.Start, e.End, e.NewText}
			for _, t := range append(accepted[e.File], proposed[e.File]...) {
				if s.overlaps(t) {
					problems = append(problems, fixProblem(f, e, "it overlaps another fix; run again to apply it"))
					ok = false
					break
				}
			}
			if !ok {
				break
			}
			proposed[e.File] = append(proposed[e.File], s)
		}
		if !ok {
			continue
		}
		for file, ss := range proposed {
			for _, s := range ss {
				if !slices.Contains(accepted[file], s) {
					accepted[file] = append(accepted[file], s)
				}
			}
		}
	}

	out := fixedFiles{}
	for _, file := range sortedKeys(accepted) {
		before := contents[file]
		after := applyEdits(before, accepted[file])
		if strings.HasSuffix(file, ".go") {
			if formatted, err := formatRemoveImports(after, pkgOf[file]); err == nil {
				after = formatted
			}
		}
		if !bytes.Equal(before, after) {
			out[file] = &fileChange{before: before, after: after}
		}
	}
	return out, problems
}

func fixProblem(f report.Finding, e report.Edit, why string) report.Problem {
	return report.Problem{
		Input:    e.File,
		Line:     e.Line,
		Message:  fmt.Sprintf("fix %q for %s at line %d not applied: %s", f.Fix.Description, f.Rule, f.Location.Line, why),
		Detector: rules.DetectCode,
	}
}

// applyEdits applies non-overlapping edits to src. Edits at the same
// offset keep their order.
func applyEdits(src []byte, edits []span) []byte {
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:])
	return out.Bytes()
}

// formatRemoveImports gofmt-formats src and deletes the imports no longer
// referenced by any qualified identifier. pkg, the package the file was
// analysed in, gives the names of non-renaming imports; imports it does
// not know (added by a fix) are kept. The check is syntactic and
// conservative: a local variable named like a package keeps the import.
func formatRemoveImports(src []byte, pkg *packages.Package) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "fixed.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	names := map[string]string{} // import path -> package name
	if pkg != nil && pkg.Types != nil {
		for _, imp := range pkg.Types.Imports() {
			names[imp.Path()] = imp.Name()
		}
	}
	used := map[string]bool{}
	for _, decl := range file.Decls {
		if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		ast.Inspect(decl, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
	}
	for _, spec := range slices.Clone(file.Imports) {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		explicit := ""
		if spec.Name != nil {
			explicit = spec.Name.Name
		}
		name := explicit
		if name == "" {
			name = names[path]
		}
		if name == "" || name == "_" || name == "." || used[name] {
			continue
		}
		astutil.DeleteNamedImport(fset, file, explicit, path)
	}
	ast.SortImports(fset, file)
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, file); err != nil {
		return nil, err
	}
	// goimports' grouping: standard library first, each group apart.
	// FormatOnly adds and removes nothing and runs no go command.
	return imports.Process("fixed.go", buf.Bytes(), &imports.Options{FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8})
}

// diff returns the unified diff of every changed file, in path order.
func (ff fixedFiles) diff() string {
	var sb strings.Builder
	for _, file := range sortedKeys(ff) {
		sb.WriteString(unifiedDiff(file, string(ff[file].before), string(ff[file].after)))
	}
	return sb.String()
}

// write writes the changed files below dir, keeping their permissions.
// A file that is a symbolic link, not a regular file or outside dir once
// symlinks are resolved is left alone and reported as a problem.
func (ff fixedFiles) write(dir string) []report.Problem {
	var problems []report.Problem
	for _, file := range sortedKeys(ff) {
		path := filepath.Join(dir, filepath.FromSlash(file))
		if err := safeio.WriteFile(dir, path, ff[file].after); err != nil {
			problems = append(problems, report.Problem{
				Input:    file,
				Message:  fmt.Sprintf("fixes not written: %s", strings.TrimPrefix(err.Error(), "writing "+path+": ")),
				Detector: rules.DetectCode,
			})
		}
	}
	return problems
}
