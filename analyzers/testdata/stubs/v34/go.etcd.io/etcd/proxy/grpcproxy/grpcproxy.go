// Package grpcproxy mirrors the API of go.etcd.io/etcd/proxy/grpcproxy v3.4 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package grpcproxy

import (
	"go.etcd.io/etcd/clientv3"
)

// NewClusterProxy takes optional prefix to fetch grpc-proxy member endpoints.
func NewClusterProxy(c *clientv3.Client, advaddr string, prefix string) (interface{}, <-chan struct{}) {
	return nil, nil
}

// Register registers itself as a grpc-proxy server by writing prefixed-key
// with a lease of the specified TTL (in seconds).
func Register(c *clientv3.Client, prefix string, addr string, ttl int) <-chan struct{} { return nil }
