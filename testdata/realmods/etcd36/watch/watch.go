// Package watch keeps the last response header a watch delivered.
package watch

import (
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// Last remembers the header of the newest watch response.
type Last struct {
	Header pb.ResponseHeader
}

// Observe records resp's header by value.
func (l *Last) Observe(resp clientv3.WatchResponse) {
	l.Header = resp.Header
}
