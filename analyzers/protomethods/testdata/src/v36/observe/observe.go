// Package observe receives from Election.Observe, whose channel carries
// *clientv3.GetResponse from etcd 3.7: values received from it, directly
// or through a variable of inferred type, are pointers there and copy no
// message. A variable declared with the 3.6 channel type keeps the values.
package observe

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

func leaders(ctx context.Context, e *concurrency.Election) int64 {
	var n int64
	for r := range e.Observe(ctx) {
		n += r.Count
	}
	ch := e.Observe(ctx)
	for r := range ch {
		n += r.Count
	}
	var again = e.Observe(ctx)
	first := <-again
	n += first.Count
	var typed <-chan clientv3.GetResponse = e.Observe(ctx)
	for r := range typed { // want `the range variable copies a clientv3.GetResponse by value`
		n += r.Count
	}
	return n
}
