// Package raftpb mirrors the API of go.etcd.io/etcd/raft/v3/raftpb v3.5.35 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package raftpb

// Entry is a raft log entry.
type Entry struct {
	Term  uint64
	Index uint64
	Data  []byte
}
