// Package naming resolves etcd endpoints with etcd 3.4's gRPC naming
// resolver, which the grpc of etcd 3.5 no longer supports.
package naming

import (
	"go.etcd.io/etcd/clientv3"                   // want `package go.etcd.io/etcd/clientv3 moved to go.etcd.io/etcd/client/v3 in etcd 3.5`
	etcdnaming "go.etcd.io/etcd/clientv3/naming" // want `package go.etcd.io/etcd/clientv3/naming moved`
	"google.golang.org/grpc"
	"google.golang.org/grpc/naming" // want `package google.golang.org/grpc/naming is gone from the grpc etcd 3.5 requires`
)

func dial(cli *clientv3.Client, addr string) (*grpc.ClientConn, naming.Update, error) {
	r := &etcdnaming.GRPCResolver{Client: cli}                                  // want `type naming.GRPCResolver is removed in etcd 3.5`
	conn, err := grpc.Dial("my-service", grpc.WithBalancer(grpc.RoundRobin(r))) // want `grpc.WithBalancer is gone from the grpc etcd 3.5 requires`
	return conn, naming.Update{Op: naming.Add, Addr: addr}, err
}
