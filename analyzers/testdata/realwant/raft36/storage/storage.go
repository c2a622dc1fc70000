// Package storage holds a custom raft.Storage of go.etcd.io/raft/v3 3.6,
// whose methods 3.7 changes to pointers, used as a raft.Storage.
package storage

import (
	"go.etcd.io/raft/v3"
	pb "go.etcd.io/raft/v3/raftpb" // want `raftpb types are no longer gogo-generated in go.etcd.io/raft/v3 v3.7.0`
)

type diskStorage struct{}

func (diskStorage) InitialState() (pb.HardState, pb.ConfState, error) {
	return pb.HardState{}, pb.ConfState{}, nil
}
func (diskStorage) Entries(lo, hi, maxSize uint64) ([]pb.Entry, error) { return nil, nil }
func (diskStorage) Term(i uint64) (uint64, error)                      { return 0, nil }
func (diskStorage) LastIndex() (uint64, error)                         { return 0, nil }
func (diskStorage) FirstIndex() (uint64, error)                        { return 0, nil }
func (diskStorage) Snapshot() (pb.Snapshot, error)                     { return pb.Snapshot{}, nil }

// wrapped embeds the MemoryStorage: it follows raft.
type wrapped struct {
	*raft.MemoryStorage
}

func config() *raft.Config {
	var s raft.Storage = diskStorage{} // want `diskStorage no longer implements raft.Storage: Entries, InitialState, Snapshot change their signature in etcd 3.7`
	_ = s
	_ = &raft.Config{Storage: wrapped{raft.NewMemoryStorage()}}
	return &raft.Config{ID: 1, Storage: &diskStorage{}} // want `\*diskStorage no longer implements raft.Storage`
}
