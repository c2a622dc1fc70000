// Package named already imports context under another name.
package named

import (
	stdctx "context"

	"github.com/coreos/etcd/clientv3"
	"google.golang.org/grpc"
)

func dial(ctx stdctx.Context) bool {
	_, err := clientv3.New(clientv3.Config{})
	_ = grpc.WithBlock()
	return err == grpc.ErrClientConnTimeout // want `grpc.ErrClientConnTimeout is never returned`
}
