package a

import (
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
)

func clients(eps []string) {
	cfg := clientv3.Config{Endpoints: eps}                // 3.5+ code: EC3404 does not apply
	cfg.DialOptions = []grpc.DialOption{grpc.WithBlock()} // want `clientv3.New ignores grpc.WithBlock from etcd 3.7 and returns without connecting \(from 3.5.0,`
	_, _ = clientv3.New(cfg)
	_ = grpc.WithBlock() // not in a clientv3 config: no finding
}
