// Package bumped no longer type-checks: the 3.2 client has no
// NewFromConfigFile. The finding still comes, from syntax.
package bumped

import "github.com/coreos/etcd/clientv3"

func connect(path string) (*clientv3.Client, error) {
	return clientv3.NewFromConfigFile(path) // want `clientv3.NewFromConfigFile is removed in etcd 3.2 .* \(from syntax only\)`
}
