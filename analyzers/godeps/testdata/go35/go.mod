module example.com/go35

go 1.15

require go.etcd.io/etcd v0.5.0-alpha.5.0.20230414071934-94593e63d45c

replace go.etcd.io/etcd => ./etcd
