package godeps_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
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

// TestGoDirectivePerModule checks the go directive needed is the one of
// the module go.mod requires (or of an etcd module it requires), whichever
// etcd module that is. Each case is a module requiring one etcd module,
// replaced by a local stub, and importing one of its packages.
func TestGoDirectivePerModule(t *testing.T) {
	cases := []struct {
		module, from, pkg, goLine, target, want string
	}{
		{"go.etcd.io/etcd/api/v3", "v3.6.0", "mvccpb", "1.22", "3.7.3",
			`go.etcd.io/etcd/api/v3 v3.7.3 declares go 1.26.0; go.mod declares go 1.22 \(from 3.6.0, target 3.7.3\)`},
		{"go.etcd.io/etcd/client/pkg/v3", "v3.5.9", "transport", "1.22", "3.6.15",
			`go.etcd.io/etcd/client/pkg/v3 v3.6.15 declares go 1.26; go.mod declares go 1.22`},
		{"go.etcd.io/etcd/client/v3", "v3.5.9", "", "1.24", "3.5.33",
			`go.etcd.io/etcd/client/v3 v3.5.33 declares go 1.25.0; go.mod declares go 1.24`},
		{"go.etcd.io/etcd/pkg/v3", "v3.5.9", "traceutil", "1.22", "3.5.34",
			`go.etcd.io/etcd/pkg/v3 v3.5.34 declares go 1.26; go.mod declares go 1.22`},
		{"go.etcd.io/etcd/raft/v3", "v3.5.9", "raftpb", "1.22", "3.5.35",
			`go.etcd.io/etcd/raft/v3 v3.5.35 declares go 1.26.0; go.mod declares go 1.22`},
		{"go.etcd.io/etcd/server/v3", "v3.6.0", "embed", "1.24", "3.6.15",
			`go.etcd.io/etcd/server/v3 v3.6.15 declares go 1.26; go.mod declares go 1.24 \(from 3.6.0, target 3.6.15\)`},
		// The proxy lists no server/v3 v3.5.30 (the newest before it,
		// v3.5.23, declares go 1.24), but the api/v3 and client/v3 v3.5.30
		// it requires declare go 1.25.0 (the first named).
		{"go.etcd.io/etcd/server/v3", "v3.5.9", "embed", "1.24", "3.5.30",
			`go.etcd.io/etcd/api/v3 v3.5.30 declares go 1.25.0; go.mod declares go 1.24`},
		{"go.etcd.io/raft/v3", "v3.6.0", "raftpb", "1.23", "3.7.3",
			`go.etcd.io/raft/v3 v3.7.0 \(etcd 3.7.3\) declares go 1.26; go.mod declares go 1.23`},
	}
	for _, c := range cases {
		t.Run(c.module+"@"+c.target, func(t *testing.T) {
			dir := t.TempDir()
			imp := c.module
			if c.pkg != "" {
				imp += "/" + c.pkg
			}
			name := filepath.Base(imp)
			if name == "v3" {
				name = "clientv3"
			}
			files := map[string]string{
				"go.mod":                            "module example.com/m\n\ngo " + c.goLine + "\n\nrequire " + c.module + " " + c.from + "\n\nreplace " + c.module + " => ./dep\n",
				"dep/go.mod":                        "module " + c.module + "\n\ngo 1.22\n",
				filepath.Join("dep", c.pkg, "x.go"): "// Package " + name + " stands in for the etcd package.\npackage " + name + "\n\n// X is a name to use.\nvar X int\n",
				"a/a.go":                            "package a // want `" + c.want + "`\n\nimport " + name + " " + strconv.Quote(imp) + "\n\nvar _ = " + name + ".X\n",
			}
			for f, data := range files {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, f), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			a := testutil.Analyzer(t, "godeps", analyzers.Config{Target: c.target})
			analysistest.Run(t, dir, a, "./a")
		})
	}
}
