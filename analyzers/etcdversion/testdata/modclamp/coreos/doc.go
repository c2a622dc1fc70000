// Package etcd stands for github.com/coreos/etcd v3.3.10 in etcdlint's
// analyzer tests: a requirement left in go.mod that the code no longer uses.
package etcd
