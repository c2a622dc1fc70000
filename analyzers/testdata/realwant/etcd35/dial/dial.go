// Package dial builds etcd 3.5 client configurations with grpc.WithBlock,
// which the 3.7 client ignores.
package dial

import (
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
)

// dialOpts is a package-level initialiser the configurations use.
var dialOpts = []grpc.DialOption{grpc.WithBlock()} // want `clientv3.New ignores grpc.WithBlock from etcd 3.7`

func connect(eps []string) (*clientv3.Client, error) {
	return clientv3.New(clientv3.Config{Endpoints: eps, DialTimeout: time.Second, DialOptions: dialOpts})
}

func connectInline(eps []string) (*clientv3.Client, error) {
	cfg := clientv3.Config{Endpoints: eps}
	cfg.DialOptions = append(cfg.DialOptions, grpc.WithBlock()) // want `clientv3.New ignores grpc.WithBlock from etcd 3.7`
	return clientv3.New(cfg)
}

// newClient is a function value of an etcd function.
var newClient = clientv3.New

func viaValue(eps []string) (*clientv3.Client, error) {
	return newClient(clientv3.Config{Endpoints: eps, DialOptions: []grpc.DialOption{grpc.WithBlock()}}) // want `clientv3.New ignores grpc.WithBlock from etcd 3.7`
}
