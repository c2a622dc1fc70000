// Package pkgvar sets DialOptions from a package-level variable.
package pkgvar

import (
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
)

var dialOpts = []grpc.DialOption{grpc.WithBlock()} // want `clientv3.New ignores grpc.WithBlock from etcd 3.7`

func connect(eps []string) (*clientv3.Client, error) {
	a, _ := clientv3.New(clientv3.Config{Endpoints: eps, DialOptions: dialOpts})
	_ = a
	cfg := clientv3.Config{Endpoints: eps}
	cfg.DialOptions = dialOpts // the same call: reported once
	return clientv3.New(cfg)
}
