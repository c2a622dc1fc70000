package a

import (
	etcdclient "github.com/coreos/etcd/client" // want `package github.com/coreos/etcd/client moved to go.etcd.io/etcd/client in etcd 3.4, then moved to go.etcd.io/etcd/client/v2 in etcd 3.5, then is not part of etcd 3.6 .*: import go.etcd.io/etcd/client/v2` `package github.com/coreos/etcd/client uses the v2 API`
	"github.com/coreos/etcd/clientv3"          // want `package github.com/coreos/etcd/clientv3 moved to go.etcd.io/etcd/clientv3 in etcd 3.4, then moved to go.etcd.io/etcd/client/v3 in etcd 3.5 \(from 3.0.0, target 3.7.\d+\): import go.etcd.io/etcd/client/v3`
	"github.com/coreos/etcd/pkg/cors"          // want `package github.com/coreos/etcd/pkg/cors is not part of etcd 3.4`
	"github.com/coreos/etcd/snap"              // want `package github.com/coreos/etcd/snap moved to go.etcd.io/etcd/etcdserver/api/snap in etcd 3.4, then moved to go.etcd.io/etcd/server/v3/etcdserver/api/snap in etcd 3.5`
	"golang.org/x/net/context"                 // want `clientv3 takes the standard context from etcd 3.3`
)

var (
	_ etcdclient.Config
	_ clientv3.Config
	_ cors.CORSInfo
	_ = snap.New
	_ context.Context
)
