module example.com/go37

go 1.22

require go.etcd.io/etcd/client/v3 v3.6.0

replace go.etcd.io/etcd/client/v3 => ./clientv3
