module example.com/naming34

go 1.22

require (
	github.com/coreos/etcd v3.3.27+incompatible
	google.golang.org/grpc v1.31.0
)

replace (
	github.com/coreos/etcd => ./etcd
	google.golang.org/grpc => ./grpc
)
