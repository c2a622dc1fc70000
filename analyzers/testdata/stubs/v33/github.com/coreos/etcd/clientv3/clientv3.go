// Package clientv3 mirrors the API of github.com/coreos/etcd/clientv3 v3.3.27 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package clientv3

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/grpclog"
)

// SetLogger sets client-side Logger.
func SetLogger(l grpclog.LoggerV2) {}

// Config is the client configuration.
type Config struct {
	Endpoints   []string
	DialOptions []grpc.DialOption
}

// Client provides and manages an etcd v3 client.
type Client struct{}

// New creates a new etcdv3 client from a given configuration.
func New(cfg Config) (*Client, error) { return nil, nil }
