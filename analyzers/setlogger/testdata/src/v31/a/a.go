package a

import (
	"log"
	"os"

	"github.com/coreos/etcd/clientv3"
	"google.golang.org/grpc/grpclog"
)

func setup(gl grpclog.Logger) {
	clientv3.SetLogger(log.New(os.Stderr, "grpc: ", 0)) // want `clientv3.SetLogger takes a grpclog.LoggerV2 from etcd 3.2.10, not \*log.Logger \(from 3.0.0, target 3.7.\d+\): pass grpclog.NewLoggerV2\(w, w, w\)`
	clientv3.SetLogger(gl)                              // want `clientv3.SetLogger takes a grpclog.LoggerV2 from etcd 3.2.10, not grpclog.Logger`
	l := log.New(os.Stderr, "", log.LstdFlags)
	clientv3.SetLogger(l) // want `not \*log.Logger`
}
