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

// ConfChangeType is the type of a configuration change.
type ConfChangeType int32

// The configuration change types.
const (
	ConfChangeAddNode    ConfChangeType = 0
	ConfChangeRemoveNode ConfChangeType = 1
)

// ConfChange is a v1 configuration change.
type ConfChange struct {
	Type    ConfChangeType
	NodeID  uint64
	Context []byte
	ID      uint64
}

// ConfChangeV2 is a v2 configuration change.
type ConfChangeV2 struct{ Context []byte }

// ConfChangeI abstracts over ConfChangeV2 and (legacy) ConfChange.
type ConfChangeI interface {
	AsV2() ConfChangeV2
	AsV1() (ConfChange, bool)
}

// AsV2 returns a V2 configuration change carrying out the same operation.
func (c ConfChange) AsV2() ConfChangeV2 { return ConfChangeV2{} }

// AsV1 returns the ConfChange and true.
func (c ConfChange) AsV1() (ConfChange, bool) { return c, true }
