// Package state keeps raft's types inside its own: Ready and BasicStatus
// hold their messages by pointer or in slices at raft 3.7, so copying
// them copies no message; a HardState held two levels down is copied.
package state

import (
	"go.etcd.io/raft/v3"
	"go.etcd.io/raft/v3/raftpb" // want `raftpb types are no longer gogo-generated in go.etcd.io/raft/v3 v3.7.0`
)

type node struct {
	rd     raft.Ready
	status raft.BasicStatus
}

func again(n *node, rd raft.Ready) (raft.Ready, raft.BasicStatus) {
	c := *n // no copy
	c.rd = rd
	return c.rd, c.status
}

type persisted struct {
	state hardState
}

type hardState struct {
	hs raftpb.HardState
}

func copied(p *persisted) string {
	c := *p // want `the assignment copies a persisted, which holds a raftpb.HardState \(state.hs\), by value`
	return c.state.hs.String()
}
