// Build module of etcd 3.2.32: the revisions its glide.lock vendors (see
// README.md in this directory).
module etcdlinttestbuild

go 1.21

// Go 1.22 and later panic in the init of the vendored ugorji/go codec
// (base64.NewEncoding refuses its alphabet with a repeated symbol), so
// etcd 3.2.32 is built with the last Go 1.21 release.
toolchain go1.21.13

require (
	github.com/beorn7/perks v0.0.0-20160804104726-4c0e84591b9a
	github.com/cockroachdb/cmux v0.0.0-20160228191917-112f0506e774
	github.com/coreos/bbolt v1.3.1-coreos.5
	github.com/coreos/etcd v3.2.32+incompatible
	github.com/coreos/go-semver v0.2.0
	github.com/coreos/go-systemd v0.0.0-20161114122254-48702e0da86b
	github.com/coreos/pkg v0.0.0-20160727233714-3ac0863d7acf
	github.com/cpuguy83/go-md2man v1.0.7
	github.com/dgrijalva/jwt-go v3.0.0+incompatible
	github.com/dustin/go-humanize v0.0.0-20151125214831-8929fe90cee4
	github.com/ghodss/yaml v1.0.0
	github.com/gogo/protobuf v0.0.0-20170307180453-100ba4e88506
	github.com/golang/groupcache v0.0.0-20160516000752-02826c3e7903
	github.com/golang/protobuf v0.0.0-20170601230230-5a0f697c9ed9
	github.com/google/btree v0.0.0-20161005200959-925471ac9e21
	github.com/grpc-ecosystem/go-grpc-prometheus v0.0.0-20160910222444-6b7015e65d36
	github.com/grpc-ecosystem/grpc-gateway v1.3.0
	github.com/inconshreveable/mousetrap v1.0.0
	github.com/jonboulle/clockwork v0.1.0
	github.com/matttproud/golang_protobuf_extensions v1.0.0
	github.com/prometheus/client_golang v0.8.0
	github.com/prometheus/client_model v0.0.0-20170216185247-6f3806018612
	github.com/prometheus/common v0.0.0-20170220103846-49fee292b27b
	github.com/prometheus/procfs v0.0.0-20180125133057-cb4147076ac7
	github.com/russross/blackfriday v0.0.0-20170728175326-4048872b16cc
	github.com/spf13/cobra v0.0.0-20151124153217-1c44ec8d3f15
	github.com/spf13/pflag v0.0.0-20151013200643-08b1a584251b
	github.com/ugorji/go v0.0.0-20170107133203-ded73eae5db7
	github.com/xiang90/probing v0.0.0-20160813154853-07dd2e8dfe18
	golang.org/x/crypto v0.0.0-20170930174604-9419663f5a44
	golang.org/x/net v0.0.0-20170828231752-66aacef3dd8a
	golang.org/x/sys v0.0.0-20171026204733-164713f0dfce
	golang.org/x/text v0.0.0-20170530162606-4ee4af566555
	golang.org/x/time v0.0.0-20170420181420-c06e80d9300e
	google.golang.org/genproto v0.0.0-20170731182057-09f6ed296fc6
	google.golang.org/grpc v1.7.5
	gopkg.in/yaml.v2 v2.0.0-20170407172122-cd8b52f8269e
)
