// Package walpb mirrors the API of github.com/coreos/etcd/wal/walpb v3.3.27 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package walpb

// Snapshot is a WAL snapshot marker.
type Snapshot struct {
	Index uint64
	Term  uint64
}
