package b

import (
	clientv2 "go.etcd.io/etcd/client" // want `package go.etcd.io/etcd/client moved to go.etcd.io/etcd/client/v2 in etcd 3.5, then is not part of etcd 3.6`
	"go.etcd.io/etcd/clientv3"        // want `package go.etcd.io/etcd/clientv3 moved to go.etcd.io/etcd/client/v3 in etcd 3.5 \(from 3.4.0,`
	"go.etcd.io/etcd/pkg/transport"   // want `package go.etcd.io/etcd/pkg/transport moved to go.etcd.io/etcd/client/pkg/v3/transport in etcd 3.5`
	"go.etcd.io/etcd/raft/raftpb"     // want `moved to go.etcd.io/etcd/raft/v3/raftpb in etcd 3.5, then moved to go.etcd.io/raft/v3/raftpb in etcd 3.6` `raftpb types are no longer gogo-generated`
)

var (
	_ clientv2.Config
	_ clientv3.Config
	_ transport.TLSInfo
	_ raftpb.Entry
)
