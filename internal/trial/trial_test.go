package trial

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"

	"github.com/etcdlint/etcdlint/internal/srcload"

	"github.com/etcdlint/etcdlint/rules"
)

// TestSkipRedactsProxyPassword: a GOPROXY with credentials that cannot
// serve the target makes the trial skip, and the skip never prints the
// password.
func TestSkipRedactsProxyPassword(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":  "module example.com/m\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/client/v3 v3.5.35\n",
		"main.go": "package main\n\nimport _ \"go.etcd.io/etcd/client/v3\"\n\nfunc main() {}\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	target, _ := rules.ParseVersion("3.7.3")
	env := append(os.Environ(), "GOMODCACHE="+t.TempDir(), "GOFLAGS=-modcacherw", "GOSUMDB=off",
		"GOPROXY=http://user:s3cret-token@127.0.0.1:1/proxy")
	ctx, cancel := context.WithTimeout(context.Background(), 2*60e9)
	defer cancel()
	res, err := Run(ctx, Options{ModDir: dir, Target: target, Catalog: cat, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped == "" {
		t.Fatalf("no skip: %+v", res)
	}
	if strings.Contains(res.Skipped, "s3cret-token") {
		t.Errorf("the skip prints the proxy password: %s", res.Skipped)
	}
	if !strings.Contains(res.Skipped, "go.etcd.io/etcd/client/v3@v3.7.3") {
		t.Errorf("the skip does not name the module it could not get: %s", res.Skipped)
	}
}

func TestRequirements(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		target  string
		imports []string
		want    string
	}{
		{"3.7.3", []string{"go.etcd.io/etcd/client/v3", "go.etcd.io/etcd/api/v3/mvccpb", "go.etcd.io/etcd/server/v3/embed"},
			"go.etcd.io/etcd/api/v3@v3.7.3 go.etcd.io/etcd/client/v3@v3.7.3 go.etcd.io/etcd/server/v3@v3.7.3"},
		{"3.7.3", []string{"go.etcd.io/raft/v3/raftpb"}, "go.etcd.io/raft/v3@v3.7.0"},
		{"3.5.35", []string{"go.etcd.io/etcd/raft/v3/raftpb", "go.etcd.io/etcd/client/pkg/v3/transport"},
			"go.etcd.io/etcd/client/pkg/v3@v3.5.35 go.etcd.io/etcd/raft/v3@v3.5.35"},
		{"3.2.13", []string{"github.com/coreos/etcd/clientv3"}, "github.com/coreos/etcd@v3.2.13+incompatible"},
		// etcdutl/v3 is tagged with each release though no move names it.
		{"3.6.16", []string{"go.etcd.io/etcd/etcdutl/v3/etcdutl", "go.etcd.io/etcd/client/v3"},
			"go.etcd.io/etcd/client/v3@v3.6.16 go.etcd.io/etcd/etcdutl/v3@v3.6.16"},
	}
	for _, tt := range tests {
		v, _ := rules.ParseVersion(tt.target)
		if got := strings.Join(requirements(cat, v, tt.imports), " "); got != tt.want {
			t.Errorf("requirements(%s, %q) = %q, want %q", tt.target, tt.imports, got, tt.want)
		}
	}
}

// TestAddRequiresKeepsBlocks: the target's modules join the block of
// direct requirements, as `go get` puts them, and the go.mod keeps its
// two blocks (a new requirement at the end of the indirect block makes
// the go command open a third one for the indirect requirements it adds).
func TestAddRequiresKeepsBlocks(t *testing.T) {
	const before = `module example.com/m

go 1.26.0

require (
	go.uber.org/zap v1.17.0
	google.golang.org/grpc v1.83.2
)

require (
	github.com/gogo/protobuf v1.3.2 // indirect
	golang.org/x/net v0.61.0 // indirect
)
`
	path := filepath.Join(t.TempDir(), "go.mod")
	if err := os.WriteFile(path, []byte(before), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := addRequires(path, []string{"go.etcd.io/etcd/client/v3@v3.7.3", "go.etcd.io/etcd/api/v3@v3.7.3"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse(path, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	blocks := 0
	for _, st := range f.Syntax.Stmt {
		if b, ok := st.(*modfile.LineBlock); ok && b.Token[0] == "require" {
			blocks++
		}
	}
	if blocks != 2 {
		t.Errorf("go.mod has %d require blocks, want 2:\n%s", blocks, data)
	}
	got := map[string]bool{}
	for _, r := range f.Require {
		got[r.Mod.String()] = r.Indirect
	}
	for _, want := range []string{"go.etcd.io/etcd/client/v3@v3.7.3", "go.etcd.io/etcd/api/v3@v3.7.3"} {
		indirect, ok := got[want]
		if !ok {
			t.Errorf("go.mod lacks %s:\n%s", want, data)
		} else if indirect {
			t.Errorf("%s is marked indirect:\n%s", want, data)
		}
	}
	direct := string(data[:strings.Index(string(data), "\n)\n")])
	if !strings.Contains(direct, "go.etcd.io/etcd/client/v3 v3.7.3") {
		t.Errorf("client/v3 is not in the first (direct) block:\n%s", data)
	}
	if !strings.Contains(string(data), "\tgolang.org/x/net v0.61.0 // indirect\n") {
		t.Errorf("the indirect requirements were not kept in their block:\n%s", data)
	}
}

// TestCollectTestOnlyBreak: a dependency that does not build, imported
// by a package's tests only, blocks the type errors of the tests, not
// those of the package's own files, which its test variant holds.
func TestCollectTestOnlyBreak(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"m/go.mod":      "module example.com/m\n\ngo 1.26.0\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n",
		"m/a/a.go":      "package a\n\n// F does not compile.\nfunc F() int { var s string = 1; return len(s) }\n",
		"m/a/a_test.go": "package a\n\nimport (\n\t\"testing\"\n\n\t\"example.com/dep\"\n)\n\nfunc TestF(t *testing.T) { _ = dep.N().X }\n",
		"dep/go.mod":    "module example.com/dep\n\ngo 1.26.0\n",
		"dep/dep.go":    "package dep\n\n// N does not compile.\nfunc N() Missing { return 0 }\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mod := filepath.Join(dir, "m")
	pkgs, err := packages.Load(&packages.Config{Mode: srcload.Mode, Dir: mod, Tests: true, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	srcload.TypeCheck(context.Background(), pkgs, nil)
	res := &Result{}
	collect(res, mod, pkgs)
	var got []string
	for _, e := range res.Errors {
		got = append(got, filepath.Base(e.File)+": "+e.Msg)
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "a.go: ") {
		t.Errorf("errors %q; want the one in a.go, not the blocked test's", got)
	}
	if len(res.DepErrors) == 0 {
		t.Errorf("the broken dependency is not reported: %+v", res)
	}
}

// TestPruningGoLine: a module whose go line predates graph pruning (go
// 1.15), with a dependency that is not pruned either (opencensus, go
// 1.13, which leads to grpc 1.33 and the monolithic genproto of 2020),
// builds once `go get` requires etcd 3.7: go get raises the go line and
// records the newer genproto the pruned graph needs, else both genproto
// modules provide googleapis/rpc/status. The trial must see the same
// build list and report no dependency break.
func TestPruningGoLine(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: fetches the etcd modules")
	}
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":  "module example.com/m\n\ngo 1.15\n\nrequire (\n\tgo.etcd.io/etcd/client/v3 v3.5.1\n\tgo.opencensus.io v0.24.0\n)\n",
		"main.go": "package main\n\nimport clientv3 \"go.etcd.io/etcd/client/v3\"\n\nfunc main() { _, _ = clientv3.New(clientv3.Config{}) }\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	target, _ := rules.ParseVersion("3.7.4")
	ctx, cancel := context.WithTimeout(context.Background(), 10*60e9)
	defer cancel()
	res, err := Run(ctx, Options{ModDir: dir, Target: target, Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped != "" {
		t.Skipf("SKIPPED: %s", res.Skipped)
	}
	if res.Packages == 0 {
		t.Fatalf("no package type-checked: %+v", res)
	}
	for _, e := range res.DepErrors {
		t.Errorf("dependency break the bump does not have: %s %s: %s", e.Package, e.Module, e.Msg)
	}
	for _, e := range res.Errors {
		t.Errorf("compile error the bump does not have: %s:%d: %s", e.File, e.Line, e.Msg)
	}
	if f, err := modfile.Parse("go.mod", res.GoMod, nil); err != nil || f.Go == nil || f.Go.Version == "1.15" {
		t.Errorf("the trial's go.mod keeps go 1.15 (or does not parse: %v)", err)
	}
}
