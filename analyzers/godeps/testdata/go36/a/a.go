package a // want `go.etcd.io/etcd/client/v3 v3.6.17 declares go 1.26(\.0)?; go.mod declares go 1.22 \(from 3.5.9,`

import clientv3 "go.etcd.io/etcd/client/v3"

var _ clientv3.Config
