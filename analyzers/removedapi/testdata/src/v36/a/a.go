package a

import (
	"go.etcd.io/etcd/api/v3/authpb"
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/mvccpb"
	"go.etcd.io/etcd/server/v3/config"
	"go.etcd.io/etcd/server/v3/embed"
)

func isPut(ev mvccpb.Event) bool {
	return ev.Type == mvccpb.PUT // want `const mvccpb.PUT is renamed Event_PUT in etcd 3.7 \(from 3.6.0, target 3.7.\d+\): rename it`
}

var perm = authpb.READWRITE // want `const authpb.READWRITE is renamed Permission_READWRITE in etcd 3.7`

func server() {
	cfg := embed.NewConfig()
	cfg.Durl = "https://discovery.etcd.io/x"        // want `field embed.Config.Durl is removed in etcd 3.7`
	_ = embed.ExperimentalDistributedTracingAddress // want `const embed.ExperimentalDistributedTracingAddress is removed in etcd 3.7`
	_ = config.V2_DEPR_1_WRITE_ONLY                 // want `const config.V2_DEPR_1_WRITE_ONLY is renamed V2Depr1WriteOnly in etcd 3.7`
	_ = config.V2Depr0NotYet                        // migrated: no finding
}

func v2(r *pb.InternalRaftRequest) *pb.Request { // want `type etcdserverpb.Request is removed in etcd 3.7`
	return r.V2 // want `field etcdserverpb.InternalRaftRequest.V2 is removed in etcd 3.7`
}
