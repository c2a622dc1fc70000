// Package migrated already imports the 3.7 paths: no finding.
package migrated

import (
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

var (
	_ clientv3.WatchResponse
	_ = mvccpb.Event_PUT
)
