package a // want `clientv3/naming 3.4.20 imports google.golang.org/grpc/naming, which grpc v1.31.0 \(v1.30\+\) no longer has`

import "github.com/coreos/etcd/clientv3/naming"

var _ naming.GRPCResolver
