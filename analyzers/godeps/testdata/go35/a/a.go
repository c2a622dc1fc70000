package a // want `go.etcd.io/etcd/client/v3 v3.5.5 declares go 1.16; go.mod declares go 1.15 \(from 3.4.0,`

import "go.etcd.io/etcd/clientv3"

var _ clientv3.Config
