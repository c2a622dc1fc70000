package rules_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/etcdlint/etcdlint/rules"
)

// TestGoDirectives checks the generated go directives against the
// patch releases where client/v3 raised them.
func TestGoDirectives(t *testing.T) {
	c, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	for v, want := range map[string]string{
		"3.5.0": "1.16", "3.5.33": "1.25.0", "3.5.34": "1.26", "3.6.14": "1.25.0", "3.6.15": "1.26", "3.7.2": "1.26",
	} {
		got, ok := c.GoDirective("go.etcd.io/etcd/client/v3", rules.MustParseVersion(v))
		if !ok || got != want {
			t.Errorf("client/v3 %s: go directive %q (listed %v), want %q", v, got, ok, want)
		}
	}
	if vs, _ := c.GoDirectiveReleases("go.etcd.io/etcd/client/v3"); len(vs) < 30 {
		t.Errorf("only %d client/v3 releases have a go directive", len(vs))
	}
}

// TestAPIChanges checks the generated table holds the changes client code
// is known to meet, with their kinds.
func TestAPIChanges(t *testing.T) {
	c, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	find := func(pkg, member string) *rules.APIChange {
		for _, a := range c.APIChanges() {
			if a.Package == pkg && a.Member() == member {
				return &a
			}
		}
		return nil
	}
	for _, tc := range []struct {
		pkg, member string
		change      rules.APIChangeKind
		lands       string
	}{
		{"etcdserver", "ErrStopped", rules.APIRemoved, "3.6.0"},
		{"etcdserver", "EtcdServer.ID", rules.APIRemoved, "3.6.0"},
		{"pkg/transport", "TLSInfo.CAFile", rules.APIRemoved, "3.4.0"},
		{"embed", "Config.ExperimentalBackendFreelistType", rules.APIRemoved, "3.5.0"},
		{"embed", "Config.ElectionTicks", rules.APIReceiver, "3.6.0"},
		{"clientv3", "KV.GetStream", rules.APIGained, "3.7.0"},
		{"raft/raftpb", "ConfChange.Type", rules.APIChanged, "3.7.0"},
		{"clientv3", "CreateDefaultZapLogger", rules.APIRemoved, "3.5.7"},
	} {
		a := find(tc.pkg, tc.member)
		if a == nil {
			t.Errorf("%s.%s: not in the table", tc.pkg, tc.member)
			continue
		}
		if a.Change != tc.change || a.Lands().String() != tc.lands {
			t.Errorf("%s.%s: %s landing in %s, want %s in %s", tc.pkg, tc.member, a.Change, a.Lands(), tc.change, tc.lands)
		}
	}
}

// TestAPIGroupErrors checks malformed groups are rejected with the file.
func TestAPIGroupErrors(t *testing.T) {
	for name, body := range map[string]string{
		"no kind":     "[[api]]\npackage = \"clientv3\"\nsince = \"3.6.0\"\nprev = \"3.5.35\"\nremoved = [\"GetLogger\"]\n",
		"no arrow":    "[[api]]\npackage = \"clientv3\"\nsince = \"3.6.0\"\nprev = \"3.5.35\"\nchanged = [\"func New: func()\"]\n",
		"prev after":  "[[api]]\npackage = \"clientv3\"\nsince = \"3.5.0\"\nprev = \"3.5.35\"\nremoved = [\"func New\"]\n",
		"bad version": "[[api]]\npackage = \"clientv3\"\nsince = \"x\"\nprev = \"3.5.35\"\nremoved = [\"func New\"]\n",
	} {
		fsys := fstest.MapFS{"data/api.toml": {Data: []byte(body)}}
		_, err := rules.LoadFS(fsys, "data")
		if err == nil || !strings.Contains(err.Error(), "data/api.toml") {
			t.Errorf("%s: error %v, want one naming data/api.toml", name, err)
		}
	}
}
