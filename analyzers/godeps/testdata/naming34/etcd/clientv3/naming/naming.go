// Package naming mirrors the API of github.com/coreos/etcd/clientv3/naming
// v3.3.27 for etcdlint's analyzer tests: only the declarations the tests
// use are kept.
package naming

// GRPCResolver creates a grpc.Watcher for a target to track its resolution changes.
type GRPCResolver struct{}
