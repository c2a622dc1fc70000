// Package values takes NewFromConfigFile as a value and through a dot
// import: reported, without a fix.
package values

import (
	"github.com/coreos/etcd/clientv3"
	. "github.com/coreos/etcd/clientv3"
)

var connect = clientv3.NewFromConfigFile // want `clientv3.NewFromConfigFile is removed in etcd 3.2`

type factory struct {
	fromFile func(string) (*clientv3.Client, error)
}

func values(path string) (*Client, error) {
	f := factory{fromFile: NewFromConfigFile} // want `clientv3.NewFromConfigFile is removed in etcd 3.2`
	_ = f
	return NewFromConfigFile(path) // want `clientv3.NewFromConfigFile is removed in etcd 3.2`
}
