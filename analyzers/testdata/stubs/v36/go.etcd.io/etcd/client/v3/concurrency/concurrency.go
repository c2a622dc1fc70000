// Package concurrency mirrors the API of go.etcd.io/etcd/client/v3/concurrency
// v3.6.16 for etcdlint's analyzer tests: only the declarations the tests use
// are kept, with their real signatures.
package concurrency

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// Election is a leader election.
type Election struct{}

// Observe returns a channel that reliably observes ordered leader proposals
// as GetResponse values on every current elected leader key.
func (e *Election) Observe(ctx context.Context) <-chan clientv3.GetResponse { return nil }
