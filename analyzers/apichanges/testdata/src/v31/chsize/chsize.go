// Package chsize tunes a clientv3 variable 3.2 removes.
package chsize

import "github.com/coreos/etcd/clientv3"

func init() {
	clientv3.LeaseResponseChSize = 1024 // want `var clientv3.LeaseResponseChSize is removed in etcd 3.2`
}
