// Package clientv3 mirrors the API of go.etcd.io/etcd/clientv3 (3.4) for
// etcdlint's analyzer tests: only the declarations the tests use are kept.
package clientv3

// Config is the client configuration.
type Config struct{ Endpoints []string }
