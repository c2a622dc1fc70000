package godeps_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

func TestGoDirective(t *testing.T) {
	a := testutil.Analyzer(t, "godeps", analyzers.Config{})
	analysistest.Run(t, "testdata/go37", a, "./a")
}

func TestGRPCPin(t *testing.T) {
	a := testutil.Analyzer(t, "godeps", analyzers.Config{Target: "3.2"})
	analysistest.Run(t, "testdata/grpc32", a, "./a")
}

func TestGRPCNaming(t *testing.T) {
	a := testutil.Analyzer(t, "godeps", analyzers.Config{Target: "3.4.20"})
	analysistest.Run(t, "testdata/naming34", a, "./a")
}

// TestTargetBefore checks the rule is silent when the target is on the
// code's own minor line.
func TestTargetBefore(t *testing.T) {
	a := testutil.Analyzer(t, "godeps", analyzers.Config{Target: "3.6.0"})
	res := analysistest.Run(testutil.Quiet(t), "testdata/go37", a, "./a")
	if n := testutil.Count(res); n != 0 {
		t.Errorf("target 3.6.0 with from 3.6.0: got %d findings, want 0", n)
	}
}

func TestGoDirective35(t *testing.T) {
	a := testutil.Analyzer(t, "godeps", analyzers.Config{Target: "3.5.5"})
	analysistest.Run(t, "testdata/go35", a, "./a")
}

func TestGoDirective36(t *testing.T) {
	a := testutil.Analyzer(t, "godeps", analyzers.Config{Target: "3.6"})
	analysistest.Run(t, "testdata/go36", a, "./a")
}

// TestNoGoLine checks a go.mod without a go line still gets the finding.
// The fixture's go.mod files are stored as go.mod.txt and written to a
// copy: loading a module with -mod=mod adds the go line.
func TestNoGoLine(t *testing.T) {
	dir := t.TempDir()
	err := filepath.WalkDir("testdata/nogo", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/nogo", path)
		out := filepath.Join(dir, strings.TrimSuffix(rel, ".txt"))
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	a := testutil.Analyzer(t, "godeps", analyzers.Config{})
	analysistest.Run(t, dir, a, "./a")
}
