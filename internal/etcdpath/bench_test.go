package etcdpath_test

import (
	"testing"

	"github.com/etcdlint/etcdlint/rules"
)

// serverPaths are the package paths that the objects of a
// go.etcd.io/etcd/server/v3 (3.5) analysis come from, most used first:
// the analyzers ask for the canonical name of each one many times.
var serverPaths = []string{
	"go.uber.org/zap", "time", "fmt", "context", "testing", "go.etcd.io/etcd/api/v3/etcdserverpb", "sync",
	"go.etcd.io/etcd/client/pkg/v3/types", "net/http", "strings", "os", "go.etcd.io/etcd/raft/v3/raftpb", "errors",
	"io/ioutil", "reflect", "io", "encoding/json", "go.etcd.io/etcd/server/v3/mvcc/backend", "bytes",
	"go.etcd.io/etcd/server/v3/mvcc/backend/testing", "go.etcd.io/etcd/server/v3/lease", "net/url", "math",
	"go.etcd.io/etcd/server/v3/etcdserver", "sort", "github.com/coreos/go-semver/semver",
	"go.etcd.io/etcd/server/v3/etcdserver/api/membership", "go.etcd.io/etcd/client/v3",
	"github.com/stretchr/testify/assert", "path", "google.golang.org/grpc", "go.etcd.io/etcd/raft/v3",
	"go.etcd.io/etcd/client/pkg/v3/testutil", "go.etcd.io/etcd/api/v3/version", "go.uber.org/zap/zaptest",
	"go.etcd.io/etcd/server/v3/mvcc/buckets", "go.etcd.io/etcd/api/v3/v3rpc/rpctypes", "strconv",
	"go.etcd.io/etcd/api/v3/mvccpb", "path/filepath", "net/http/httptest",
	"go.etcd.io/etcd/server/v3/etcdserver/api/v2error", "go.etcd.io/etcd/pkg/v3/traceutil",
	"go.etcd.io/etcd/server/v3/mvcc", "go.etcd.io/etcd/server/v3/etcdserver/api/v2store",
	"go.etcd.io/etcd/server/v3/etcdserver/api", "go.etcd.io/etcd/pkg/v3/pbutil", "github.com/jonboulle/clockwork",
	"encoding/binary", "go.etcd.io/etcd/server/v3/wal/walpb", "go.etcd.io/etcd/server/v3/etcdserver/api/v2stats",
	"go.etcd.io/etcd/server/v3/auth", "go.etcd.io/etcd/client/pkg/v3/transport",
	"github.com/prometheus/client_golang/prometheus", "math/rand", "go.etcd.io/etcd/server/v3/etcdserver/api/snap",
	"go.etcd.io/etcd/client/pkg/v3/fileutil", "go.etcd.io/etcd/server/v3/etcdserver/api/rafthttp",
	"go.etcd.io/etcd/server/v3/config", "sync/atomic", "net", "github.com/stretchr/testify/require", "log",
	"google.golang.org/grpc/status", "google.golang.org/grpc/metadata", "google.golang.org/grpc/codes",
	"go.etcd.io/etcd/server/v3/etcdserver/api/v2http/httptypes", "go.etcd.io/etcd/client/pkg/v3/logutil",
	"k8s.io/kubernetes/vendor/github.com/coreos/etcd/clientv3", "github.com/coreos/etcd/etcdserver/api/v3rpc",
}

func BenchmarkCanonical(b *testing.B) {
	tab := table(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range serverPaths {
			tab.Canonical(p)
		}
	}
}

func BenchmarkForward(b *testing.B) {
	tab := table(b)
	from, to := rules.MustParseVersion("3.4.0"), rules.MustParseVersion("3.7.0")
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range serverPaths {
			tab.Forward(p, from, to)
		}
	}
}

// TestLookupsBuildNoStrings checks that looking up a path no move applies
// to, or one already where the target keeps it, allocates nothing: the
// analyzers make such look-ups for every object they meet.
func TestLookupsBuildNoStrings(t *testing.T) {
	tab := table(t)
	from, to := rules.MustParseVersion("3.4.0"), rules.MustParseVersion("3.7.0")
	for _, p := range []string{"fmt", "google.golang.org/grpc/codes", "go.etcd.io/etcd/client/v3/concurrency", "go.etcd.io/etcd/api/v3/etcdserverpb"} {
		if n := testing.AllocsPerRun(100, func() { tab.Forward(p, from, to) }); n != 0 {
			t.Errorf("Forward(%s) allocates %v times", p, n)
		}
	}
	for _, p := range []string{"fmt", "google.golang.org/grpc/codes", "go.uber.org/zap", "go.etcd.io/etcd/clientv3"} {
		if n := testing.AllocsPerRun(100, func() { tab.Canonical(p) }); n != 0 {
			t.Errorf("Canonical(%s) allocates %v times", p, n)
		}
	}
}
