// Package pb marshals go.etcd.io/raft/v3 3.6 raftpb messages with the
// gogoproto methods 3.7 removes.
package pb

import "go.etcd.io/raft/v3/raftpb" // want `raftpb types are no longer gogo-generated in go.etcd.io/raft/v3 v3.7.0`

// unmarshal is a method expression of a removed method.
var unmarshal = (*raftpb.Entry).Unmarshal // want `raftpb.Entry.Unmarshal is removed by the protobuf migration`

func encode(e *raftpb.Entry, cc *raftpb.ConfChange, b []byte) ([]byte, error) {
	if err := e.Unmarshal(b); err != nil { // want `raftpb.Entry.Unmarshal is removed by the protobuf migration`
		return nil, err
	}
	_ = e.Size()          // want `raftpb.Entry.Size is removed`
	marshal := cc.Marshal // want `raftpb.ConfChange.Marshal is removed`
	_, _ = marshal()
	return e.Marshal() // want `raftpb.Entry.Marshal is removed`
}
