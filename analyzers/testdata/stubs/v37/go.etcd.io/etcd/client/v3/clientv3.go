// Package clientv3 mirrors the API of go.etcd.io/etcd/client/v3 v3.7.3 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package clientv3

import (
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
)

// Cmp is one comparison of a transaction.
type Cmp struct {
	c *pb.Compare
}

// GetCompare returns the underlying comparison.
func (cmp *Cmp) GetCompare() *pb.Compare { return cmp.c }

// FromCompare wraps a pb.Compare.
func FromCompare(c *pb.Compare) Cmp { return Cmp{c: c} }

// WatchResponse is one watch event batch.
type WatchResponse struct {
	Header *pb.ResponseHeader
}
