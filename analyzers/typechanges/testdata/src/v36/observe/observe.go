package observe

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

func leaders(ctx context.Context, e *concurrency.Election) int {
	var ch <-chan clientv3.GetResponse = e.Observe(ctx) // want `Election.Observe and Syncer.SyncBase return <-chan \*clientv3.GetResponse from etcd 3.7 \(from 3.5.0,`
	n := 0
	for range ch {
		n++
	}
	return n
}
