module example.com/realwant/etcd31

go 1.26.0

require (
	github.com/beorn7/perks v0.0.0-20160804104726-4c0e84591b9a
	github.com/coreos/etcd v3.1.20+incompatible
	github.com/ghodss/yaml v0.0.0-20150909031657-73d445a93680
	github.com/golang/protobuf v0.0.0-20161109072736-4bd1920723d7
	github.com/grpc-ecosystem/go-grpc-prometheus v0.0.0-20160910222444-6b7015e65d36
	github.com/grpc-ecosystem/grpc-gateway v1.1.1-0.20161105223513-84398b94e188
	github.com/matttproud/golang_protobuf_extensions v1.0.1
	github.com/prometheus/client_golang v0.8.0
	github.com/prometheus/client_model v0.0.0-20170216185247-6f3806018612
	github.com/prometheus/common v0.0.0-20161201123508-195bde7883f7
	github.com/prometheus/procfs v0.0.0-20161206222141-fcdb11ccb438
	golang.org/x/net v0.0.0-20170114055629-f2499483f923
	google.golang.org/grpc v1.0.4
	gopkg.in/yaml.v2 v2.0.0-20150924142314-53feefa2559f
)
