// Package raftpb mirrors the API of go.etcd.io/raft/v3/raftpb v3.6.0 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package raftpb

// Entry is a raft log entry.
type Entry struct {
	Term  uint64
	Index uint64
	Data  []byte
}

// Marshal encodes the entry.
func (m *Entry) Marshal() (dAtA []byte, err error) { return nil, nil }

// Unmarshal decodes the entry.
func (m *Entry) Unmarshal(dAtA []byte) error { return nil }
