module example.com/modclamp

go 1.22

require (
	github.com/coreos/etcd v3.3.10+incompatible
	go.etcd.io/etcd/client/v3 v3.5.9
)

replace (
	github.com/coreos/etcd => ./coreos
	go.etcd.io/etcd/client/v3 => ./clientstub
)
