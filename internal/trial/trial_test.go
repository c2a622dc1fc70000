package trial

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	}
	for _, tt := range tests {
		v, _ := rules.ParseVersion(tt.target)
		if got := strings.Join(requirements(cat, v, tt.imports), " "); got != tt.want {
			t.Errorf("requirements(%s, %q) = %q, want %q", tt.target, tt.imports, got, tt.want)
		}
	}
}
