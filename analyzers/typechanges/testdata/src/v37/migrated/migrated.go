// Package migrated uses the 3.7 types: no finding.
package migrated

import (
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

func compare(cmp clientv3.Cmp) *pb.Compare {
	return cmp.GetCompare()
}

func header(wr clientv3.WatchResponse) int64 {
	h := wr.Header
	return h.GetRevision()
}
