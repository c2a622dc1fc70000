// Package dropimport uses grpc only for the sentinel: the fix drops the
// import and adds context under a free name (a local "context" exists).
package dropimport

import (
	"github.com/coreos/etcd/clientv3"
	"google.golang.org/grpc"
)

type context struct{}

func dial() bool {
	_, err := clientv3.New(clientv3.Config{})
	_ = context{}
	return err == grpc.ErrClientConnTimeout // want `grpc.ErrClientConnTimeout is never returned`
}
