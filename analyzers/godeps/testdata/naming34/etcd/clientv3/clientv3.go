// Package clientv3 mirrors the API of github.com/coreos/etcd/clientv3
// v3.1.20 for etcdlint's analyzer tests: only the declarations the tests
// use are kept.
package clientv3

// Config is the client configuration.
type Config struct{ Endpoints []string }
