package c

import (
	clientv2 "go.etcd.io/etcd/client/v2"     // want `package go.etcd.io/etcd/client/v2 is not part of etcd 3.6 .*: port the code off it`
	"go.etcd.io/etcd/raft/v3/raftpb"         // want `package go.etcd.io/etcd/raft/v3/raftpb moved to go.etcd.io/raft/v3/raftpb in etcd 3.6` `raftpb types`
	"go.etcd.io/etcd/server/v3/mvcc/buckets" // want `package go.etcd.io/etcd/server/v3/mvcc/buckets moved to go.etcd.io/etcd/server/v3/storage/schema in etcd 3.6`
	"go.etcd.io/etcd/server/v3/wal"          // want `moved to go.etcd.io/etcd/server/v3/storage/wal in etcd 3.6`
)

var (
	_ clientv2.Config
	_ raftpb.Entry
	_ buckets.Bucket
	_ wal.WAL
)
