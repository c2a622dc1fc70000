// Package raftcopies copies raft messages by value.
package raftcopies

import (
	"go.etcd.io/raft/v3"
	"go.etcd.io/raft/v3/raftpb"
)

// Entries ranges over entries by value.
func Entries(ents []raftpb.Entry) int {
	n := 0
	for _, e := range ents { // copy
		n += len(e.Data)
	}
	return n
}

// First copies the first message.
func First(msgs []raftpb.Message) raftpb.Message {
	m := msgs[0] // copy
	return m     // copy
}

// Conf passes a ConfState by value.
func Conf(cs raftpb.ConfState) int { // copy
	return len(cs.Voters)
}

// node keeps raft's own types by value. From raft 3.7 Ready and
// BasicStatus hold their messages by pointer or in slices, so copying
// them copies no message: no copy.
type node struct {
	rd     raft.Ready
	status raft.BasicStatus
}

// Again copies raft's own types: no copy.
func Again(n *node) (raft.Ready, raft.BasicStatus) {
	again := *n
	return again.rd, again.status
}

// persisted holds a HardState two levels down.
type persisted struct {
	state hardState
}

type hardState struct {
	hs raftpb.HardState
}

// Persisted copies the HardState two levels down.
func Persisted(p *persisted) string {
	again := *p // copy
	return again.state.hs.String()
}
