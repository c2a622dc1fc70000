// Package clientv3 mirrors the API of github.com/coreos/etcd/clientv3 v3.0.17 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package clientv3

import (
	"crypto/tls"
	"time"

	"google.golang.org/grpc/grpclog"
)

// Logger is the logger used by client library.
type Logger grpclog.Logger

// Config is the client configuration.
type Config struct {
	Endpoints   []string
	DialTimeout time.Duration
	TLS         *tls.Config
	Logger      Logger
	Username    string
	Password    string
}

// Client provides and manages an etcd v3 client.
type Client struct{}

// New creates a new etcdv3 client from a given configuration.
func New(cfg Config) (*Client, error) { return nil, nil }
