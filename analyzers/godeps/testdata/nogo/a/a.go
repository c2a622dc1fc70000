package a // want `go.etcd.io/etcd/client/v3 v3.7.\d+ declares go 1.26(\.0)?; go.mod has no go directive \(read as go 1.16\) \(from 3.6.0,`

import clientv3 "go.etcd.io/etcd/client/v3"

var _ clientv3.Config
