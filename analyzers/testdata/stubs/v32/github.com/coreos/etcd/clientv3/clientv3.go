// Package clientv3 mirrors the API of github.com/coreos/etcd/clientv3 v3.2.9 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package clientv3

import (
	"time"

	pb "github.com/coreos/etcd/etcdserver/etcdserverpb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/grpclog"
)

// Logger is the logger used by client library.
// It implements grpclog.Logger interface.
type Logger grpclog.Logger

// SetLogger sets client-side Logger. By default, logs are disabled.
func SetLogger(l Logger) {}

// GetLogger returns the current logger.
func GetLogger() Logger { return nil }

// ErrNoAddrAvilable is returned by Get() when there are no address available.
var ErrNoAddrAvilable = grpc.ErrClientConnClosing

// Config is the client configuration.
type Config struct {
	Endpoints        []string
	AutoSyncInterval time.Duration
	DialTimeout      time.Duration
	Username         string
	Password         string
	RejectOldCluster bool
	DialOptions      []grpc.DialOption
}

// Client provides and manages an etcd v3 client.
type Client struct{}

// New creates a new etcdv3 client from a given configuration.
func New(cfg Config) (*Client, error) { return nil, nil }

// KV is the key-value API.
type KV interface{}

// Cluster is the membership API.
type Cluster interface{}

// Lease is the lease API.
type Lease interface{}

// Maintenance is the maintenance API.
type Maintenance interface{}

// Watcher watches keys.
type Watcher interface{}

// NewKVFromKVClient returns a KV backed by a KVClient.
func NewKVFromKVClient(remote pb.KVClient) KV { return nil }

// NewClusterFromClusterClient returns a Cluster backed by a ClusterClient.
func NewClusterFromClusterClient(remote pb.ClusterClient) Cluster { return nil }

// NewLeaseFromLeaseClient returns a Lease backed by a LeaseClient.
func NewLeaseFromLeaseClient(remote pb.LeaseClient, keepAliveTimeout time.Duration) Lease { return nil }

// NewMaintenanceFromMaintenanceClient returns a Maintenance backed by a MaintenanceClient.
func NewMaintenanceFromMaintenanceClient(remote pb.MaintenanceClient) Maintenance { return nil }

// NewWatchFromWatchClient returns a Watcher backed by a WatchClient.
func NewWatchFromWatchClient(wc pb.WatchClient) Watcher { return nil }
