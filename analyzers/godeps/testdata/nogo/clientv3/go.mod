module go.etcd.io/etcd/client/v3
