package a // want `etcd 3.2.32 was built and tested with google.golang.org/grpc v1.7.5; go.mod requires v1.9.0 .*: pin google.golang.org/grpc to v1.7.5`

import "github.com/coreos/etcd/clientv3"

var _ clientv3.Config
