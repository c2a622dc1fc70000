module example.com/modfrom

go 1.22

require go.etcd.io/etcd/client/v3 v3.5.9

replace go.etcd.io/etcd/client/v3 => ./clientstub
