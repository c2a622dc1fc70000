// Package etcd37pins holds no code: its go.mod and go.sum pin the
// dependencies of go.etcd.io/etcd/client/v3 v3.7.3, which the tests build
// fixed 3.5 client code against.
package etcd37pins
