// Package wal mirrors the API of go.etcd.io/etcd/server/v3/wal v3.5.35 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package wal

// WAL is a logical representation of the stable storage.
type WAL struct{}
