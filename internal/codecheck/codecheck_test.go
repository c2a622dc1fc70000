package codecheck_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/codecheck"
)

// writeModule writes files (name -> content) into a new directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestNothingToAnalyse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		files    map[string]string
		patterns []string
		want     string
	}{
		{"empty module", map[string]string{"go.mod": "module example.com/empty\n\ngo 1.22\n"}, nil, "no Go packages match ./..."},
		{"missing directory", map[string]string{"go.mod": "module example.com/empty\n\ngo 1.22\n"}, []string{"./nosuchdir"}, "nosuchdir"},
		{"no module", map[string]string{"README": "x\n"}, nil, "does not contain main module"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeModule(t, tc.files)
			rep := run(t, codecheck.Options{Dir: dir, Patterns: tc.patterns, Target: "3.7.3"}).Report
			if len(rep.Inputs) != 0 {
				t.Errorf("inputs %+v, want none", rep.Inputs)
			}
			if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Message, tc.want) {
				t.Errorf("problems %q, want one mentioning %q", problemKeys(rep), tc.want)
			}
		})
	}
}

func TestMissingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nosuchdir")
	rep := run(t, codecheck.Options{Dir: dir, Target: "3.7.3"}).Report
	if len(rep.Inputs) != 0 || len(rep.Problems) != 1 || rep.Problems[0].Input != dir {
		t.Errorf("inputs %+v, problems %q; want no input and one problem for %s", rep.Inputs, problemKeys(rep), dir)
	}
}

func TestBadOptions(t *testing.T) {
	cat := loadCatalog(t)
	ctx := context.Background()
	for _, opts := range []codecheck.Options{
		{Dir: t.TempDir(), Target: "3.7.3"},
		{Dir: t.TempDir(), Target: "three", Catalog: cat},
		{Dir: t.TempDir(), Target: "9.9.9", Catalog: cat},
		{Dir: t.TempDir(), Target: "3.7.3", From: "x", Catalog: cat},
	} {
		if _, err := codecheck.Run(ctx, opts); err == nil {
			t.Errorf("Run(%+v) succeeded, want an error", opts)
		}
	}
}

// TestDoesNotTypeCheck analyses code whose etcd module is not required
// (the user changed go.mod before the code): the package is a problem
// located at its first error, and the findings made from syntax alone are
// still reported, as low confidence. A file that does not parse is a
// problem of its own.
func TestDoesNotTypeCheck(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"go.mod": "module example.com/bumped\n\ngo 1.22\n",
		"main.go": `package main

import (
	"log"

	"github.com/coreos/etcd/clientv3"
)

func main() {
	cli, err := clientv3.New(clientv3.Config{Endpoints: []string{"127.0.0.1:2379"}})
	if err != nil {
		log.Fatal(err)
	}
	defer cli.Close()
}
`,
		"broken/broken.go": "package broken\n\nfunc f() {\n\treturn 1 +\n}\n",
	})
	rep := run(t, codecheck.Options{Dir: dir, Target: "3.7.3"}).Report
	probs := problemKeys(rep)
	if len(probs) != 2 {
		t.Fatalf("problems %q, want two", probs)
	}
	if !strings.HasPrefix(probs[0], "broken/broken.go:5 package example.com/bumped/broken does not parse") {
		t.Errorf("problem %q, want broken/broken.go:5 ... does not parse", probs[0])
	}
	if !strings.HasPrefix(probs[1], "main.go:6 package example.com/bumped does not type-check: could not import github.com/coreos/etcd/clientv3: no required module provides package github.com/coreos/etcd/clientv3; to add it: go get") {
		t.Errorf("problem %q, want main.go:6 naming the missing package", probs[1])
	}
	if len(rep.Findings) == 0 {
		t.Fatal("no findings from syntax")
	}
	for _, f := range rep.Findings {
		if !f.LowConfidence {
			t.Errorf("finding %s:%d %s is not low confidence", f.Location.File, f.Location.Line, f.Rule)
		}
	}
	if k := findingKeys(rep); !slices.Contains(k, "main.go:6 "+ruleByRef(t, "ETCD34-GO-IMPORT-PATH")+" (low)") {
		t.Errorf("findings %q lack the import path move on main.go:6", k)
	}
	if rep.From != "3.0.0" || rep.FromSource != "imports" {
		t.Errorf("from %s (%s), want 3.0.0 (imports)", rep.From, rep.FromSource)
	}
}

// TestFixMatchesDiff checks that --diff leaves the files alone and shows
// exactly what --fix writes, and that --from is reported as the source.
func TestFixMatchesDiff(t *testing.T) {
	t.Parallel()
	dir := copyTree(t, sampleDir)
	before := readFile(t, filepath.Join(dir, "main.go"))
	diffRes := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", From: "3.1.20", Diff: true})
	if diffRes.Diff == "" {
		t.Fatal("empty diff for the sample client")
	}
	if readFile(t, filepath.Join(dir, "main.go")) != before {
		t.Fatal("--diff changed main.go")
	}
	if r := diffRes.Report; r.From != "3.1.20" || r.FromSource != "flag" {
		t.Errorf("from %s (%s), want 3.1.20 (flag)", r.From, r.FromSource)
	}
	fixRes := run(t, codecheck.Options{Dir: dir, Target: "3.7.3", From: "3.1.20", Fix: true})
	if fixRes.Diff != "" {
		t.Error("--fix returned a diff")
	}
	after := readFile(t, filepath.Join(dir, "main.go"))
	if after == before {
		t.Fatal("--fix changed nothing")
	}
	if want := codecheck.UnifiedDiff("main.go", before, after); diffRes.Diff != want {
		t.Errorf("--diff shows:\n%s\n--fix wrote:\n%s", diffRes.Diff, want)
	}
}

// TestGolangciPlugin builds and tests the golangci-lint module plugin, a
// module of its own, so that the root module's tests cover it.
func TestGolangciPlugin(t *testing.T) {
	t.Parallel()
	if out, err := goCmd(t, "../../golangci", "vet", "./..."); err != nil {
		t.Fatalf("go vet in golangci: %v\n%s", err, out)
	}
	if out, err := goCmd(t, "../../golangci", "test", "-count=1", "./..."); err != nil {
		t.Fatalf("go test in golangci: %v\n%s", err, out)
	}
}

// TestTestFiles checks that test files are analysed only with Tests, and
// that a package and its test variant give one input and no duplicate
// findings.
func TestTestFiles(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"go.mod":      "module example.com/tested\n\ngo 1.22\n",
		"lib.go":      "package tested\n\nimport _ \"github.com/coreos/etcd/clientv3\"\n",
		"lib_test.go": "package tested\n\nimport _ \"github.com/coreos/etcd/clientv3/concurrency\"\n",
	})
	ctx := context.Background()
	for _, tests := range []bool{false, true} {
		res, err := codecheck.Run(ctx, codecheck.Options{Dir: dir, Target: "3.7.3", Catalog: loadCatalog(t), Tests: tests})
		if err != nil {
			t.Fatal(err)
		}
		rep := res.Report
		id := ruleByRef(t, "ETCD34-GO-IMPORT-PATH")
		want := []string{"lib.go:3 " + id + " (low)"}
		if tests {
			want = append(want, "lib_test.go:3 "+id+" (low)")
		}
		var got []string
		for _, k := range findingKeys(rep) {
			if strings.Contains(k, " "+id+" ") {
				got = append(got, k)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("Tests=%v: findings %q, want %q", tests, got, want)
		}
		if len(rep.Inputs) != 1 || rep.Inputs[0].Name != "example.com/tested" {
			t.Errorf("Tests=%v: inputs %+v, want example.com/tested once", tests, rep.Inputs)
		}
	}
}
