// Package raft uses go.etcd.io/raft/v3 3.6 raftpb types the way 3.7
// breaks: enum fields become pointers and ConfChange values stop being
// ConfChangeI (AsV1 and AsV2 take pointer receivers).
package raft

import "go.etcd.io/raft/v3/raftpb"

func apply(cc raftpb.ConfChange) raftpb.ConfChangeI {
	if cc.Type == raftpb.ConfChangeAddNode { // want `field raftpb.ConfChange.Type changes from ConfChangeType to \*ConfChangeType in etcd 3.7`
		return &cc
	}
	return cc // want `raftpb.ConfChange no longer implements raftpb.ConfChangeI: AsV1, AsV2 take a pointer receiver from etcd 3.7`
}
