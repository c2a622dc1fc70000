package a

import (
	"github.com/coreos/etcd/clientv3"
	"github.com/coreos/etcd/etcdserver"
	"github.com/coreos/etcd/pkg/adt"
)

var logger clientv3.Logger = clientv3.GetLogger() // want `type clientv3.Logger becomes an interface in etcd 3.3` `func clientv3.GetLogger is removed in etcd 3.5`

func isNoAddr(err error) bool {
	return err == clientv3.ErrNoAddrAvilable // want `var clientv3.ErrNoAddrAvilable is removed in etcd 3.3.14`
}

func tree() *adt.IntervalTree {
	return &adt.IntervalTree{} // want `adt.IntervalTree is an interface from etcd 3.4 \(and 3.3.14\)`
}

func serverConfig() etcdserver.ServerConfig { // want `type etcdserver.ServerConfig moves to package server/v3/config in etcd 3.5`
	cfg := etcdserver.ServerConfig{Name: "m1"} // want `type etcdserver.ServerConfig moves to package server/v3/config in etcd 3.5`
	cfg.SnapCount = 10000                      // want `field etcdserver.ServerConfig.SnapCount is renamed SnapshotCount in etcd 3.4`
	return cfg
}
