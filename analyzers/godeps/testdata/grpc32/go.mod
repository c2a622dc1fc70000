module example.com/grpc32

go 1.22

require (
	github.com/coreos/etcd v3.1.20+incompatible
	google.golang.org/grpc v1.9.0
)

replace (
	github.com/coreos/etcd => ./etcd
	google.golang.org/grpc => ./grpc
)
