// Package logutil mirrors the API of go.etcd.io/etcd/pkg/logutil v3.4 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package logutil

import "google.golang.org/grpc/grpclog"

// Logger defines logging interface.
type Logger interface {
	grpclog.LoggerV2
	Lvl(lvl int) grpclog.LoggerV2
}
