// Package registry announces this service's address to gRPC clients that
// resolve it through etcd.
package registry

import (
	"context"

	"go.etcd.io/etcd/clientv3"
	etcdnaming "go.etcd.io/etcd/clientv3/naming"
	"google.golang.org/grpc/naming"
)

// Announce registers addr under service.
func Announce(ctx context.Context, cli *clientv3.Client, service, addr string) error {
	clientv3.GetLogger().Info("announcing ", addr)
	r := &etcdnaming.GRPCResolver{Client: cli}
	return r.Update(ctx, service, naming.Update{Op: naming.Add, Addr: addr})
}
