module example.com/nogo

go 1.26.8

require go.etcd.io/etcd/client/v3 v3.6.0

replace go.etcd.io/etcd/client/v3 => ./clientv3
