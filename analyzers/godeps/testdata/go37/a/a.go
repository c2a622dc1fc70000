package a // want `go.etcd.io/etcd/client/v3 v3.7.\d+ declares go 1.26(\.0)?; go.mod declares go 1.22 \(from 3.6.0, target 3.7.\d+\): raise the go directive and the toolchain`

import clientv3 "go.etcd.io/etcd/client/v3"

var _ clientv3.Config
