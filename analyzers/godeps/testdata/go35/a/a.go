package a // want `etcd 3.5.5 modules declare go 1.16; go.mod declares go 1.15 \(from 3.4.0,`

import "go.etcd.io/etcd/clientv3"

var _ clientv3.Config
