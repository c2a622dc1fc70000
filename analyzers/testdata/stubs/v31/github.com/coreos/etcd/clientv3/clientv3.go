// Package clientv3 mirrors the API of github.com/coreos/etcd/clientv3 v3.1.20 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package clientv3

import (
	"crypto/tls"
	"time"

	pb "github.com/coreos/etcd/etcdserver/etcdserverpb"
	"golang.org/x/net/context"
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

// LeaseResponseChSize is the size of the buffer of keep-alive response channels.
var LeaseResponseChSize = 16

// Config is the client configuration.
type Config struct {
	Endpoints        []string
	AutoSyncInterval time.Duration
	DialTimeout      time.Duration
	TLS              *tls.Config
	Username         string
	Password         string
}

// Client provides and manages an etcd v3 client.
type Client struct {
	Lease
}

// New creates a new etcdv3 client from a given configuration.
func New(cfg Config) (*Client, error) { return nil, nil }

// NewFromURL creates a new etcdv3 client from a URL.
func NewFromURL(url string) (*Client, error) { return nil, nil }

// NewFromConfigFile creates a new etcdv3 client from a configuration file.
func NewFromConfigFile(path string) (*Client, error) { return nil, nil }

// Dial connects to a single endpoint using the client's config.
func (c *Client) Dial(endpoint string) (*grpc.ClientConn, error) { return nil, nil }

// KV is the key-value API.
type KV interface {
	Put(ctx context.Context, key, val string, opts ...OpOption) (*PutResponse, error)
	Get(ctx context.Context, key string, opts ...OpOption) (*GetResponse, error)
	Delete(ctx context.Context, key string, opts ...OpOption) (*DeleteResponse, error)
	Compact(ctx context.Context, rev int64, opts ...CompactOption) (*CompactResponse, error)
	Do(ctx context.Context, op Op) (OpResponse, error)
	Txn(ctx context.Context) Txn
}

// NewKVFromKVClient returns a KV backed by a KVClient.
func NewKVFromKVClient(remote pb.KVClient) KV { return nil }

// Watcher watches keys.
type Watcher interface {
	Watch(ctx context.Context, key string, opts ...OpOption) WatchChan
	Close() error
}

// WatchChan delivers watch responses.
type WatchChan <-chan WatchResponse

// WatchResponse is one watch event batch.
type WatchResponse struct {
	Header pb.ResponseHeader
}

// NewWatchFromWatchClient returns a Watcher backed by a WatchClient.
func NewWatchFromWatchClient(wc pb.WatchClient) Watcher { return nil }

// LeaseID is a lease ID.
type LeaseID int64

// LeaseOption configures a lease operation.
type LeaseOption func(*LeaseOp)

// LeaseOp represents a lease operation.
type LeaseOp struct{}

type (
	LeaseGrantResponse     pb.LeaseGrantResponse
	LeaseRevokeResponse    pb.LeaseRevokeResponse
	LeaseKeepAliveResponse pb.LeaseKeepAliveResponse
	PutResponse            pb.PutResponse
	GetResponse            pb.RangeResponse
	DeleteResponse         pb.DeleteRangeResponse
	CompactResponse        pb.CompactionResponse
)

// LeaseTimeToLiveResponse is used to convert the protobuf lease timetolive response.
type LeaseTimeToLiveResponse struct {
	*pb.ResponseHeader
	ID  LeaseID
	TTL int64
}

// Lease is the lease API.
type Lease interface {
	Grant(ctx context.Context, ttl int64) (*LeaseGrantResponse, error)
	Revoke(ctx context.Context, id LeaseID) (*LeaseRevokeResponse, error)
	TimeToLive(ctx context.Context, id LeaseID, opts ...LeaseOption) (*LeaseTimeToLiveResponse, error)
	KeepAlive(ctx context.Context, id LeaseID) (<-chan *LeaseKeepAliveResponse, error)
	KeepAliveOnce(ctx context.Context, id LeaseID) (*LeaseKeepAliveResponse, error)
	Close() error
}

// OpOption configures Operations like Get, Put, Delete.
type OpOption func(*Op)

// CompactOption configures compact operation.
type CompactOption func(*CompactOp)

// CompactOp represents a compact operation.
type CompactOp struct{}

// Op represents an Operation that kv can execute.
type Op struct{}

// OpResponse contains a response of one operation.
type OpResponse struct{}

// Txn is the interface that wraps mini-transactions.
type Txn interface {
	Commit() (*TxnResponse, error)
}

// TxnResponse is the response of a transaction.
type TxnResponse pb.TxnResponse
