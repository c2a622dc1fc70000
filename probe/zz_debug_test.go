package probe_test

import (
	"testing"

	"go.etcd.io/etcd/server/v3/storage/wal"
	"go.etcd.io/etcd/server/v3/storage/wal/walpb"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/etcdlint/etcdlint/probe/internal/etcdtest"
)

func TestZZDebug(t *testing.T) {
	procs := startProcs(t, []string{etcdtest.Binary(t, old35)}, "--enable-v2", "--snapshot-count", "5")
	v2Put(t, procs[0].ClientURL, 12)
	procs[0].Stop()
	w, err := wal.OpenForRead(zap.NewNop(), procs[0].Dir+"/member/wal", &walpb.Snapshot{Index: proto.Uint64(0), Term: proto.Uint64(0)})
	if err != nil {
		t.Fatal(err)
	}
	_, _, ents, err := w.ReadAll()
	t.Log(err)
	for _, e := range ents {
		t.Logf("%d %v %q", e.GetIndex(), e.GetType(), e.GetData())
	}
}
