package etcdversion_test

import (
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers/etcdversion"
	"github.com/etcdlint/etcdlint/internal/etcdpath"
	"github.com/etcdlint/etcdlint/rules"
)

func TestModuleVersion(t *testing.T) {
	for _, tc := range []struct {
		path, version, want string
	}{
		{"github.com/coreos/etcd", "v3.2.9+incompatible", "3.2.9"},
		{"github.com/coreos/etcd", "v3.3.14-0.20190612131000-a4f2d3b9a2c5+incompatible", "3.3.13"},
		{"go.etcd.io/etcd", "v0.5.0-alpha.5.0.20230414071934-94593e63d45c", "3.4.0"},
		{"go.etcd.io/etcd", "v3.3.27+incompatible", "3.3.27"},
		{"go.etcd.io/etcd/client/v3", "v3.5.9", "3.5.9"},
		{"go.etcd.io/etcd/server/v3", "v3.6.0-rc.2", "3.6.0"},
		{"go.etcd.io/etcd/client/v2", "v2.305.12", "3.5.12"},
		{"golang.org/x/mod", "v0.42.0", ""},
		{"go.etcd.io/bbolt", "v1.3.7", ""},
	} {
		v, ok := etcdversion.ModuleVersion(tc.path, tc.version)
		got := ""
		if ok {
			got = v.String()
		}
		if got != tc.want {
			t.Errorf("ModuleVersion(%s, %s) = %q, want %q", tc.path, tc.version, got, tc.want)
		}
	}
}

func TestFromGoMod(t *testing.T) {
	f, err := modfile.Parse("go.mod", []byte(`module example.com/m

go 1.22

require (
	github.com/coreos/etcd v3.3.10+incompatible // indirect
	go.etcd.io/etcd/client/v3 v3.5.9
	go.etcd.io/etcd/server/v3 v3.5.2
	golang.org/x/net v0.1.0
)
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	v, req, ok := etcdversion.FromGoMod(f)
	if !ok || v.String() != "3.5.2" || req != "go.etcd.io/etcd/server/v3 v3.5.2" {
		t.Errorf("FromGoMod = %s, %q, %v; want 3.5.2 from the direct server requirement", v, req, ok)
	}
}

func TestFromImports(t *testing.T) {
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{[]string{"fmt", "github.com/coreos/etcd/clientv3"}, "3.0.0"},
		{[]string{"go.etcd.io/etcd/clientv3", "go.etcd.io/etcd/client/v3"}, "3.4.0"},
		{[]string{"go.etcd.io/etcd/client/v3"}, "3.5.0"},
		{[]string{"k8s.io/x/vendor/go.etcd.io/etcd/api/v3/mvccpb"}, "3.5.0"},
		{[]string{"go.etcd.io/raft/v3"}, "3.6.0"},
		{[]string{"fmt"}, ""},
	} {
		v, ok := etcdversion.FromImports(tc.paths)
		got := ""
		if ok {
			got = v.String()
		}
		if got != tc.want {
			t.Errorf("FromImports(%q) = %q, want %q", tc.paths, got, tc.want)
		}
	}
}

// TestGoModInference runs the analyzer on a module whose go.mod requires
// client/v3 v3.5.9 and checks the result says so.
func TestGoModInference(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := etcdpath.NewTable(cat.Imports())
	if err != nil {
		t.Fatal(err)
	}
	v := etcdversion.New(etcdversion.Config{}, cat, paths, nil)
	report := &analysis.Analyzer{
		Name:     "report",
		Doc:      "report the versions",
		Requires: []*analysis.Analyzer{v},
		Run: func(pass *analysis.Pass) (any, error) {
			res := etcdversion.For(pass, v)
			pass.Reportf(pass.Files[0].Package, "%s", res.Describe())
			return nil, nil
		},
	}
	analysistest.Run(t, "testdata/modfrom", report, "./a")
	analysistest.Run(t, "testdata/modclamp", report, "./a")
}

func TestFlags(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	a := etcdversion.New(etcdversion.Config{From: "3.1", Target: "3.4"}, cat, nil, nil)
	if got := a.Flags.Lookup("from").DefValue; got != "3.1" {
		t.Errorf("-from default = %q, want 3.1", got)
	}
	b := etcdversion.New(etcdversion.Config{}, cat, nil, nil)
	if err := a.Flags.Set("target", "3.5"); err != nil {
		t.Fatal(err)
	}
	if got := b.Flags.Lookup("target").Value.String(); got != "" {
		t.Errorf("setting a flag of one analyzer changed another's: %q", got)
	}
}
