// Package observe uses the 3.5 Election.Observe channel, whose element
// type 3.7 changes, in the forms Go code can.
package observe

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

type watcher struct {
	leaders <-chan clientv3.GetResponse
}

func leaders(ctx context.Context, e *concurrency.Election) int {
	var ch <-chan clientv3.GetResponse = e.Observe(ctx) // want `Election.Observe and Syncer.SyncBase return <-chan \*clientv3.GetResponse from etcd 3.7`
	w := watcher{leaders: e.Observe(ctx)}               // want `Election.Observe and Syncer.SyncBase return <-chan \*clientv3.GetResponse from etcd 3.7`
	observe := e.Observe                                // inferred: still compiles
	_ = observe
	n := 0
	for range ch {
		n++
	}
	for resp := range e.Observe(ctx) { // inferred, and no copy at 3.7 (pointers): still compiles
		_ = resp.Kvs
	}
	first := <-e.Observe(ctx) // a pointer at 3.7: no copy there
	_ = first.Kvs
	_ = w
	return n + consume(e.Observe(ctx)) // want `Election.Observe and Syncer.SyncBase return <-chan \*clientv3.GetResponse from etcd 3.7`
}

func consume(ch <-chan clientv3.GetResponse) int { return len(ch) }

func follow(ctx context.Context, e *concurrency.Election, w *watcher) <-chan clientv3.GetResponse {
	w.leaders = e.Observe(ctx) // want `Election.Observe and Syncer.SyncBase return <-chan \*clientv3.GetResponse from etcd 3.7`
	return e.Observe(ctx)      // want `Election.Observe and Syncer.SyncBase return <-chan \*clientv3.GetResponse from etcd 3.7`
}
