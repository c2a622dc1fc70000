package a

import (
	"github.com/coreos/etcd/clientv3"
	"google.golang.org/grpc"
)

func clients(eps []string, opts []grpc.DialOption) {
	_, _ = clientv3.New(clientv3.Config{Endpoints: eps}) // want `clientv3.New returns before the connection is up from etcd 3.4 unless DialOptions has grpc.WithBlock\(\) \(from 3.0.0, target 3.7.\d+\): check readiness explicitly after New`
	_, _ = clientv3.New(clientv3.Config{
		Endpoints:   eps,
		DialOptions: []grpc.DialOption{grpc.WithInsecure(), grpc.WithBlock()}, // want `clientv3.New ignores grpc.WithBlock from etcd 3.7`
	})
	_, _ = clientv3.New(clientv3.Config{Endpoints: eps, DialOptions: opts}) // options built elsewhere: no finding
}
