// Package rpctypes mirrors the API of github.com/coreos/etcd/etcdserver/api/v3rpc/rpctypes v3.1.20 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package rpctypes

import "errors"

// Errors the client sees.
var (
	ErrGRPCLeaseNotFound = errors.New("etcdserver: requested lease not found")
	ErrLeaseNotFound     = ErrGRPCLeaseNotFound
)
