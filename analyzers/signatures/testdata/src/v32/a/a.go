package a

import (
	"time"

	"github.com/coreos/etcd/clientv3"
	"github.com/coreos/etcd/etcdserver"
	pb "github.com/coreos/etcd/etcdserver/etcdserverpb"
	"google.golang.org/grpc"
)

func wrap(conn *grpc.ClientConn) {
	_ = clientv3.NewKVFromKVClient(pb.NewKVClient(conn))                            // want `clientv3.NewKVFromKVClient takes c \*Client as argument 2 from etcd 3.2.12 \(from 3.0.0, target 3.7.\d+\): pass the \*clientv3.Client \(nil is accepted\)`
	_ = clientv3.NewClusterFromClusterClient(pb.NewClusterClient(conn))             // want `NewClusterFromClusterClient takes c \*Client`
	_ = clientv3.NewLeaseFromLeaseClient(pb.NewLeaseClient(conn), time.Second)      // want `NewLeaseFromLeaseClient takes c \*Client as argument 2`
	_ = clientv3.NewMaintenanceFromMaintenanceClient(pb.NewMaintenanceClient(conn)) // want `NewMaintenanceFromMaintenanceClient takes c \*Client`
	_ = clientv3.NewWatchFromWatchClient(pb.NewWatchClient(conn))                   // want `NewWatchFromWatchClient takes c \*Client`
}

// NewKVFromKVClient is a local function with the same name: no finding.
func NewKVFromKVClient(remote pb.KVClient) clientv3.KV { return nil }

func local(conn *grpc.ClientConn) { _ = NewKVFromKVClient(pb.NewKVClient(conn)) }

func server(cfg etcdserver.ServerConfig) {
	_, _ = etcdserver.NewServer(&cfg) // want `etcdserver.NewServer takes its ServerConfig by value from etcd 3.3`
}
