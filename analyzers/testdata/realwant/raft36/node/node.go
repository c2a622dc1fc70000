// Package node drives a go.etcd.io/raft/v3 3.6 node the way 3.7 breaks:
// Ready's fields and the raftpb enum fields become pointers, ConfChange
// values stop being ConfChangeI, and functions take pointers.
package node

import (
	"context"

	"go.etcd.io/raft/v3"
	"go.etcd.io/raft/v3/raftpb" // want `raftpb types are no longer gogo-generated in go.etcd.io/raft/v3 v3.7.0`
)

// isEmpty is a package-level function value of a function 3.7 changes.
var isEmpty = raft.IsEmptySnap // inferred type: still compiles (its calls are checked)

type hooks struct {
	emptyState func(raftpb.HardState) bool
}

func apply(ctx context.Context, n raft.Node, rd raft.Ready, st *raft.MemoryStorage) error {
	if !raft.IsEmptySnap(rd.Snapshot) { // both become pointers: still compiles
		_ = st.ApplySnapshot(rd.Snapshot) // both become pointers: still compiles
	}
	_ = st.Append(rd.Entries)                     // both become pointers: still compiles
	h := hooks{emptyState: raft.IsEmptyHardState} // want `func raft.IsEmptyHardState changes`
	_ = h
	for _, m := range rd.Messages { // the elements become pointers, and so does Step's parameter
		if err := n.Step(ctx, m); err != nil { // still compiles
			return err
		}
	}
	cc := raftpb.ConfChange{Type: raftpb.ConfChangeAddNode, NodeID: 2} // want `field raftpb.ConfChange.Type changes from ConfChangeType to \*ConfChangeType in etcd 3.7` `field raftpb.ConfChange.NodeID is removed in etcd 3.7`
	if err := n.ProposeConfChange(ctx, cc); err != nil {               // want `raftpb.ConfChange no longer implements raftpb.ConfChangeI: AsV1, AsV2 take a pointer receiver from etcd 3.7` `the call copies a raftpb.ConfChange by value`
		return err
	}
	var cci raftpb.ConfChangeI = cc // want `raftpb.ConfChange no longer implements raftpb.ConfChangeI` `the declaration copies a raftpb.ConfChange by value`
	_ = cci
	return n.ProposeConfChange(ctx, &cc) // a pointer: still compiles
}

func confChange(cc raftpb.ConfChange) raftpb.ConfChangeI { // want `passing it copies a raftpb.ConfChange by value`
	if cc.Type == raftpb.ConfChangeRemoveNode { // want `field raftpb.ConfChange.Type changes from ConfChangeType to \*ConfChangeType in etcd 3.7`
		return &cc
	}
	return cc // want `raftpb.ConfChange no longer implements raftpb.ConfChangeI: AsV1, AsV2 take a pointer receiver from etcd 3.7` `the return copies a raftpb.ConfChange by value`
}
