// Package raftcopies copies raft messages by value.
package raftcopies

import "go.etcd.io/raft/v3/raftpb"

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
