// Package lookalike compares errors named like gRPC's sentinels that are
// not gRPC's.
package lookalike

import (
	"errors"

	"github.com/coreos/etcd/clientv3"
	grpc "v31/fakegrpc"
)

// ErrClientConnClosing is a local error with the same name.
var ErrClientConnClosing = errors.New("closing")

func check(err error) bool {
	_ = clientv3.Config{}
	return err == grpc.ErrClientConnTimeout || err == ErrClientConnClosing
}
