package b

import (
	"go.etcd.io/etcd/clientv3"      // want `package go.etcd.io/etcd/clientv3 moved to go.etcd.io/etcd/client/v3 in etcd 3.5 \(from 3.4.0 per imports`
	"go.etcd.io/etcd/pkg/transport" // want `package go.etcd.io/etcd/pkg/transport moved to go.etcd.io/etcd/client/pkg/v3/transport in etcd 3.5`
	"go.etcd.io/etcd/raft/raftpb"   // want `moved to go.etcd.io/etcd/raft/v3/raftpb in etcd 3.5, then moved to go.etcd.io/raft/v3/raftpb in etcd 3.6` `raftpb types are no longer gogo-generated`
)

var (
	_ clientv3.Config
	_ transport.TLSInfo
	_ raftpb.Entry
)
