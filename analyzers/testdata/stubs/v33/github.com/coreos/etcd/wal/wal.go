// Package wal mirrors the API of github.com/coreos/etcd/wal v3.3.27 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package wal

import "github.com/coreos/etcd/wal/walpb"

// WAL is a logical representation of the stable storage.
type WAL struct{}

// Create creates a WAL ready for appending records.
func Create(dirpath string, metadata []byte) (*WAL, error) { return nil, nil }

// Open opens the WAL at the given snap.
func Open(dirpath string, snap walpb.Snapshot) (*WAL, error) { return nil, nil }

// OpenForRead only opens the wal files for read.
func OpenForRead(dirpath string, snap walpb.Snapshot) (*WAL, error) { return nil, nil }

// Repair tries to repair ErrUnexpectedEOF in the
// last wal file by truncating.
func Repair(dirpath string) bool { return false }
