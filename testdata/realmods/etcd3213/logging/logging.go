// Package logging routes the etcd client's logs to standard error.
package logging

import (
	"os"

	"github.com/coreos/etcd/clientv3"
	"google.golang.org/grpc/grpclog"
)

// Logger returns the logger the etcd client should use.
func Logger() clientv3.Logger {
	return grpclog.NewLoggerV2(os.Stderr, os.Stderr, os.Stderr)
}

// Install makes the etcd client log to standard error.
func Install() {
	clientv3.SetLogger(Logger())
}
