package store

import "github.com/coreos/etcd/clientv3"

// Open connects with the settings in a client YAML file.
func Open(path string) (*clientv3.Client, error) {
	return clientv3.NewFromConfigFile(path)
}
