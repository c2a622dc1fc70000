// Package funcs takes clientv3.NewFromConfigFile, which etcd 3.2 removes,
// as a function value in the forms Go code can.
package funcs

import (
	. "github.com/coreos/etcd/clientv3"        // want `package github.com/coreos/etcd/clientv3 moved to go.etcd.io/etcd/clientv3 in etcd 3.4, then moved to go.etcd.io/etcd/client/v3 in etcd 3.5`
	clientv3 "github.com/coreos/etcd/clientv3" // want `package github.com/coreos/etcd/clientv3 moved to go.etcd.io/etcd/clientv3 in etcd 3.4, then moved to go.etcd.io/etcd/client/v3 in etcd 3.5`
)

// connect is a package-level initialiser taking the function value.
var connect = clientv3.NewFromConfigFile // want `clientv3.NewFromConfigFile`

type factory struct {
	fromFile func(string) (*clientv3.Client, error)
}

func values(path string) (*clientv3.Client, error) {
	f := clientv3.NewFromConfigFile                                  // want `clientv3.NewFromConfigFile`
	var g func(string) (*clientv3.Client, error) = NewFromConfigFile // want `clientv3.NewFromConfigFile`
	fac := factory{fromFile: clientv3.NewFromConfigFile}             // want `clientv3.NewFromConfigFile`
	fac.fromFile = NewFromConfigFile                                 // want `clientv3.NewFromConfigFile`
	_, _ = f, g
	return fac.fromFile(path)
}

func dotted(path string) (*Client, error) {
	return NewFromConfigFile(path) // want `clientv3.NewFromConfigFile`
}
