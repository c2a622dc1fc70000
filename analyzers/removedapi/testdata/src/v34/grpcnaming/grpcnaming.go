// Package grpcnaming uses the gRPC naming package next to etcd 3.4's
// resolver; the grpc etcd 3.5 requires no longer has it.
package grpcnaming

import (
	"go.etcd.io/etcd/clientv3"
	"google.golang.org/grpc/naming" // want `package google.golang.org/grpc/naming is gone from the grpc etcd 3.5 requires`
)

func update(cli *clientv3.Client, addr string) naming.Update {
	_ = cli
	return naming.Update{Op: naming.Add, Addr: addr}
}
