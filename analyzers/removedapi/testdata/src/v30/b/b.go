package b

import (
	"log"
	"os"

	etcd "github.com/coreos/etcd/clientv3"
)

func connect() error {
	cfg := etcd.Config{Endpoints: []string{"127.0.0.1:2379"}, Logger: log.New(os.Stderr, "", 0)} // want `field clientv3.Config.Logger is removed in etcd 3.1`
	_, err := etcd.New(cfg)
	return err
}

var global = etcd.Config{Logger: nil} // want `field clientv3.Config.Logger is removed in etcd 3.1`
