package a

import (
	"log"
	"os"

	"github.com/coreos/etcd/clientv3"
)

func connect() (*clientv3.Client, error) {
	l := log.New(os.Stderr, "", 0)
	return clientv3.New(clientv3.Config{
		Endpoints: []string{"127.0.0.1:2379"},
		Logger:    l, // want `field clientv3.Config.Logger is removed in etcd 3.1 \(from 3.0.0, target 3.7.\d+\): call clientv3.SetLogger before creating the client`
	})
}

func set(cfg *clientv3.Config, l clientv3.Logger) { // want `type clientv3.Logger becomes an interface in etcd 3.3`
	cfg.Logger = l // want `field clientv3.Config.Logger is removed in etcd 3.1`
}
