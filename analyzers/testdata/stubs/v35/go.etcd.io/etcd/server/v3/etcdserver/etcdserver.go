// Package etcdserver mirrors the API of go.etcd.io/etcd/server/v3/etcdserver v3.5.35 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package etcdserver

import "errors"

// ErrStopped is returned by a stopped server.
var ErrStopped = errors.New("etcdserver: server stopped")

// EtcdServer is the production implementation of the Server interface.
type EtcdServer struct{}

// ID returns the member ID (types.ID in etcd; uint64 here).
func (s *EtcdServer) ID() uint64 { return 0 }
