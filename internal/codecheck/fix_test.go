package codecheck

import (
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/etcdlint/etcdlint/report"
)

const fixSrc = `package p

import (
	"fmt"
	"strings"
)

func f() {
	fmt.Println(strings.ToUpper("a"))
	fmt.Println("b")
}
`

// finding returns a finding whose fix replaces the first occurrence of
// old in fixSrc (after skip bytes) with new.
func finding(t *testing.T, rule, old, new string, skip int) report.Finding {
	t.Helper()
	i := strings.Index(fixSrc[skip:], old)
	if i < 0 {
		t.Fatalf("%q not in source", old)
	}
	i += skip
	line := strings.Count(fixSrc[:i], "\n") + 1
	return report.Finding{
		Rule:     rule,
		Location: report.Location{File: "p.go", Line: line},
		Fix: &report.Fix{Description: "Replace " + old, Edits: []report.Edit{
			{File: "p.go", Start: i, End: i + len(old), NewText: new, Line: line},
		}},
	}
}

func writeFixSrc(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(fixSrc), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// pkgImporting is a package whose type information knows the names of
// the imports fixSrc uses.
func pkgImporting() *packages.Package {
	p := types.NewPackage("example.com/p", "p")
	p.SetImports([]*types.Package{types.NewPackage("fmt", "fmt"), types.NewPackage("strings", "strings")})
	return &packages.Package{Types: p}
}

func TestApplyFixesRemovesUnusedImportsAndFormats(t *testing.T) {
	dir := writeFixSrc(t)
	fs := []report.Finding{finding(t, "EC1", `strings.ToUpper("a")`, `"A"`, 0)}
	files, problems := applyFixes(dir, fs, map[string]*packages.Package{"p.go": pkgImporting()})
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	want := `package p

import (
	"fmt"
)

func f() {
	fmt.Println("A")
	fmt.Println("b")
}
`
	if got := string(files["p.go"].after); got != want {
		t.Errorf("fixed file:\n%s\nwant:\n%s", got, want)
	}
	// Without type information the import's name is unknown: it is kept.
	files, _ = applyFixes(dir, fs, nil)
	if got := string(files["p.go"].after); !strings.Contains(got, `"strings"`) {
		t.Errorf("import removed without type information:\n%s", got)
	}
}

func TestApplyFixesConflicts(t *testing.T) {
	dir := writeFixSrc(t)
	a := finding(t, "EC1", `strings.ToUpper("a")`, `"A"`, 0)
	dup := a // the same edit proposed by a second diagnostic
	dup.Rule = "EC2"
	overlap := finding(t, "EC3", `ToUpper`, `ToLower`, 0)
	other := finding(t, "EC4", `"b"`, `"B"`, 0)
	files, problems := applyFixes(dir, []report.Finding{a, dup, overlap, other}, nil)
	if len(problems) != 1 || !strings.Contains(problems[0].Message, "EC3") || !strings.Contains(problems[0].Message, "overlaps another fix") {
		t.Fatalf("want one overlap problem for EC3, got %+v", problems)
	}
	if problems[0].Input != "p.go" || problems[0].Line != 9 {
		t.Errorf("problem at %s:%d, want p.go:9", problems[0].Input, problems[0].Line)
	}
	got := string(files["p.go"].after)
	for _, want := range []string{`fmt.Println("A")`, `fmt.Println("B")`} {
		if !strings.Contains(got, want) {
			t.Errorf("fixed file lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ToLower") || strings.Count(got, `"A"`) != 1 {
		t.Errorf("conflicting or duplicate fix applied:\n%s", got)
	}
}

func TestApplyFixesStaleFile(t *testing.T) {
	dir := writeFixSrc(t)
	f := finding(t, "EC1", `"b"`, `"B"`, 0)
	f.Fix.Edits[0].Start, f.Fix.Edits[0].End = len(fixSrc)+10, len(fixSrc)+12
	files, problems := applyFixes(dir, []report.Finding{f}, nil)
	if len(files) != 0 || len(problems) != 1 || !strings.Contains(problems[0].Message, "changed since it was analysed") {
		t.Fatalf("files %v, problems %+v", files, problems)
	}
}

func TestSpanOverlaps(t *testing.T) {
	for _, tc := range []struct {
		a, b span
		want bool
	}{
		{span{0, 5, "x"}, span{5, 8, "y"}, false},   // adjacent
		{span{0, 5, "x"}, span{4, 8, "y"}, true},    // overlapping
		{span{0, 5, "x"}, span{0, 5, "x"}, false},   // identical
		{span{0, 5, "x"}, span{0, 5, "y"}, true},    // same range, other text
		{span{3, 3, "x"}, span{3, 3, "y"}, false},   // two insertions
		{span{3, 3, "x"}, span{0, 5, "y"}, true},    // insertion inside a replacement
		{span{0, 3, "x"}, span{3, 3, "y"}, false},   // insertion at its end
		{span{3, 3, "x"}, span{3, 6, "y"}, false},   // insertion at its start
		{span{2, 9, "x"}, span{4, 5, "y"}, true},    // containment
		{span{2, 4, "x"}, span{10, 12, "y"}, false}, // apart
	} {
		if got := tc.a.overlaps(tc.b); got != tc.want {
			t.Errorf("%v overlaps %v = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := tc.b.overlaps(tc.a); got != tc.want {
			t.Errorf("%v overlaps %v = %v, want %v (reversed)", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestApplyEditsOrder(t *testing.T) {
	got := string(applyEdits([]byte("abcdef"), []span{{4, 6, "XY"}, {1, 1, "1"}, {1, 1, "2"}, {0, 1, "A"}}))
	if want := "A12bcdXY"; got != want {
		t.Errorf("applyEdits = %q, want %q", got, want)
	}
}
