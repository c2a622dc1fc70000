// Package naming mirrors the API of go.etcd.io/etcd/clientv3/naming v3.4 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package naming

import etcd "go.etcd.io/etcd/clientv3"

// GRPCResolver creates a grpc.Watcher for a target to track its resolution changes.
type GRPCResolver struct {
	// Client is an initialized etcd client.
	Client *etcd.Client
}
