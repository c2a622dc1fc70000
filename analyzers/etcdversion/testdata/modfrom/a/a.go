package a // want `from 3.5.9, target 3.7.\d+`

import clientv3 "go.etcd.io/etcd/client/v3"

var _ clientv3.Config
