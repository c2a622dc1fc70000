// Package clientv3 mirrors the API of go.etcd.io/etcd/client/v3 v3.6.16 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package clientv3

import (
	"context"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/mvccpb"
	"google.golang.org/grpc"
)

// Config is the client configuration.
type Config struct {
	Endpoints   []string
	DialOptions []grpc.DialOption
}

// Client provides and manages an etcd v3 client.
type Client struct{}

// New creates a new etcdv3 client from a given configuration.
func New(cfg Config) (*Client, error) { return nil, nil }

// Cmp is one comparison of a transaction.
type Cmp pb.Compare

// Value compares a key's value.
func Value(key string) Cmp { return Cmp{} }

// Event is a key-value event.
type Event mvccpb.Event

// WatchResponse is one watch event batch.
type WatchResponse struct {
	Header pb.ResponseHeader
	Events []*Event
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
type Txn interface{}

// Responses.
type (
	PutResponse     pb.PutResponse
	GetResponse     pb.RangeResponse
	DeleteResponse  pb.DeleteRangeResponse
	CompactResponse pb.CompactionResponse
)

// KV is the key-value API.
type KV interface {
	Put(ctx context.Context, key, val string, opts ...OpOption) (*PutResponse, error)
	Get(ctx context.Context, key string, opts ...OpOption) (*GetResponse, error)
	Delete(ctx context.Context, key string, opts ...OpOption) (*DeleteResponse, error)
	Compact(ctx context.Context, rev int64, opts ...CompactOption) (*CompactResponse, error)
	Do(ctx context.Context, op Op) (OpResponse, error)
	Txn(ctx context.Context) Txn
}
