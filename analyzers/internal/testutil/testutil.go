// Package testutil builds the GOPATH trees the analyzer tests run in: the
// shared stubs of each etcd API generation (analyzers/testdata/stubs),
// vendored under src/<generation>/vendor, next to an analyzer's own cases
// (its testdata/src/<generation>/<case>), so a case imports the real
// import paths and sees the API of its generation.
package testutil

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
)

// stubsDir is analyzers/testdata/stubs.
func stubsDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "stubs")
}

// GOPATH returns a temporary GOPATH holding the stubs and the cases of
// testdata (the analyzer package's testdata directory). Every directory
// src/<generation> of testdata gets the stubs of that generation (v30 ...
// v37) as its vendor directory.
func GOPATH(t testing.TB, testdata string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	copyTree(t, filepath.Join(stubsDir(), "common"), src)
	copyTree(t, filepath.Join(testdata, "src"), src)
	entries, err := os.ReadDir(filepath.Join(testdata, "src"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		gen := filepath.Join(stubsDir(), e.Name())
		if _, err := os.Stat(gen); e.IsDir() && err == nil {
			copyTree(t, gen, filepath.Join(src, e.Name(), "vendor"))
		}
	}
	return dir
}

func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying test data: %v", err)
	}
}

// Analyzer returns the analyzer called name from a fresh suite built with
// cfg.
func Analyzer(t testing.TB, name string, cfg analyzers.Config) *analysis.Analyzer {
	t.Helper()
	for _, a := range analyzers.NewSuite(cfg) {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no analyzer %q in the suite", name)
	return nil
}

// Cases lists the case packages (src/<generation>/<case>) of testdata.
func Cases(t testing.TB, testdata string) []string {
	t.Helper()
	var out []string
	gens, err := os.ReadDir(filepath.Join(testdata, "src"))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gens {
		cases, err := os.ReadDir(filepath.Join(testdata, "src", g.Name()))
		if err != nil {
			continue
		}
		for _, c := range cases {
			if c.IsDir() && c.Name() != "vendor" && !strings.HasPrefix(c.Name(), "_") {
				out = append(out, g.Name()+"/"+c.Name())
			}
		}
	}
	return out
}

// Quiet wraps t so that analysistest's complaints about unmatched
// expectations are ignored: for runs that check results themselves.
func Quiet(t *testing.T) *QuietT { return &QuietT{T: t} }

// QuietT is a testing.T whose Errorf is silent.
type QuietT struct{ *testing.T }

// Errorf ignores the error.
func (q *QuietT) Errorf(format string, args ...any) {}

// Count returns the number of diagnostics of the results.
func Count(results []*analysistest.Result) int {
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	return n
}
