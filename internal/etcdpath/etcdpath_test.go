package etcdpath_test

import (
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/etcdpath"
	"github.com/etcdlint/etcdlint/rules"
)

func table(t testing.TB) *etcdpath.Table {
	t.Helper()
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	tab, err := etcdpath.NewTable(cat.Imports())
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestCanonical(t *testing.T) {
	tab := table(t)
	for _, tc := range []struct{ path, want string }{
		{"github.com/coreos/etcd/clientv3", "clientv3"},
		{"go.etcd.io/etcd/clientv3", "clientv3"},
		{"go.etcd.io/etcd/client/v3", "clientv3"},
		{"go.etcd.io/etcd/client/v3/concurrency", "clientv3/concurrency"},
		{"k8s.io/kubernetes/vendor/github.com/coreos/etcd/clientv3", "clientv3"},
		{"github.com/coreos/etcd/etcdserver/api/v3rpc/rpctypes", "etcdserver/api/v3rpc/rpctypes"},
		{"go.etcd.io/etcd/api/v3/v3rpc/rpctypes", "etcdserver/api/v3rpc/rpctypes"},
		{"go.etcd.io/etcd/api/v3/mvccpb", "mvcc/mvccpb"},
		{"github.com/coreos/etcd/snap", "etcdserver/api/snap"},
		{"go.etcd.io/etcd/server/v3/etcdserver/api/snap", "etcdserver/api/snap"},
		{"go.etcd.io/etcd/server/v3/storage/wal", "wal"},
		{"github.com/coreos/etcd/wal", "wal"},
		{"go.etcd.io/raft/v3/raftpb", "raft/raftpb"},
		{"go.etcd.io/etcd/raft/v3", "raft"},
		{"go.etcd.io/etcd/client/pkg/v3/transport", "pkg/transport"},
		{"go.etcd.io/etcd/pkg/v3/adt", "pkg/adt"},
		{"go.etcd.io/etcd/client/v2", "client"},
		{"github.com/coreos/etcd/client", "client"},
		{"go.etcd.io/etcd/server/v3/config", "server/v3/config"},
		{"github.com/coreos/etcdctl", ""},
		{"google.golang.org/grpc", ""},
		{"go.etcd.io/bbolt", ""},
	} {
		got, ok := tab.Canonical(tc.path)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("Canonical(%s) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

func TestForward(t *testing.T) {
	tab := table(t)
	v := rules.MustParseVersion
	for _, tc := range []struct {
		path, from, to string
		want           string // the hops' To, joined by " > " ("-" for a removal)
	}{
		{"github.com/coreos/etcd/clientv3", "3.3.27", "3.7.3", "go.etcd.io/etcd/clientv3 > go.etcd.io/etcd/client/v3"},
		{"github.com/coreos/etcd/clientv3", "3.3.27", "3.4.37", "go.etcd.io/etcd/clientv3"},
		{"github.com/coreos/etcd/store", "3.3.27", "3.5.0", "go.etcd.io/etcd/etcdserver/api/v2store > go.etcd.io/etcd/server/v3/etcdserver/api/v2store"},
		{"go.etcd.io/etcd/pkg/transport", "3.4.0", "3.6.0", "go.etcd.io/etcd/client/pkg/v3/transport"},
		{"go.etcd.io/etcd/pkg/adt", "3.4.0", "3.6.0", "go.etcd.io/etcd/pkg/v3/adt"},
		{"go.etcd.io/etcd/raft/raftpb", "3.4.0", "3.7.0", "go.etcd.io/etcd/raft/v3/raftpb > go.etcd.io/raft/v3/raftpb"},
		{"go.etcd.io/etcd/server/v3/mvcc/backend", "3.5.0", "3.6.0", "go.etcd.io/etcd/server/v3/storage/backend"},
		{"github.com/coreos/etcd/client", "3.3.0", "3.7.0", "go.etcd.io/etcd/client > go.etcd.io/etcd/client/v2 > -"},
		{"github.com/coreos/etcd/pkg/cors", "3.3.0", "3.7.0", "-"},
		// Already on the new side: nothing to do, even with a wrong from.
		{"go.etcd.io/etcd/client/v3", "3.4.0", "3.7.0", ""},
		{"go.etcd.io/etcd/client/pkg/v3/verify", "3.4.0", "3.7.0", ""},
		{"go.etcd.io/etcd/pkg/v3/adt", "3.4.0", "3.7.0", ""},
		{"go.etcd.io/etcd/raft/v3", "3.4.0", "3.5.0", ""},
	} {
		var got []string
		for _, h := range tab.Forward(tc.path, v(tc.from), v(tc.to)) {
			if h.Move.Removed {
				got = append(got, "-")
			} else {
				got = append(got, h.To)
			}
		}
		if g := strings.Join(got, " > "); g != tc.want {
			t.Errorf("Forward(%s, %s, %s) = %q, want %q", tc.path, tc.from, tc.to, g, tc.want)
		}
	}
}
