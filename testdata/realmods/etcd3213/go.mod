module example.com/etcd3213client

go 1.22

require (
	github.com/coreos/etcd v3.2.13+incompatible
	github.com/ghodss/yaml v1.0.0
	github.com/golang/protobuf v0.0.0-20170601230230-5a0f697c9ed9
	golang.org/x/net v0.0.0-20170828231752-66aacef3dd8a
	golang.org/x/text v0.0.0-20170530162606-4ee4af566555
	google.golang.org/genproto v0.0.0-20170731182057-09f6ed296fc6
	google.golang.org/grpc v1.7.5
	gopkg.in/yaml.v2 v2.0.0-20170407172122-cd8b52f8269e
)
