package a

import (
	"github.com/coreos/etcd/clientv3"
)

func connect(path string) (*clientv3.Client, error) {
	cli, err := clientv3.NewFromConfigFile(path) // want `clientv3.NewFromConfigFile is removed in etcd 3.2 \(from 3.0.0, target 3.7.\d+\): load the file with clientv3/yaml.NewConfig`
	return cli, err
}

func connectCfg(cfg string) (*clientv3.Client, error) {
	return clientv3.NewFromConfigFile(cfg) // want `clientv3.NewFromConfigFile is removed`
}
