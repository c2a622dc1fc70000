// Package clientv3 mirrors the API of go.etcd.io/etcd/client/v3 v3.6.0 for
// etcdlint's analyzer tests: only the declarations the tests use are kept.
package clientv3

// Config is the client configuration.
type Config struct{ Endpoints []string }
