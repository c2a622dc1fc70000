// Package snap mirrors the API of github.com/coreos/etcd/snap v3.3.27 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package snap

// Snapshotter saves and loads snapshots.
type Snapshotter struct{}

// New creates a Snapshotter for dir.
func New(dir string) *Snapshotter { return nil }
