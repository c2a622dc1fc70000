// Package migrated already passes a grpclog.LoggerV2.
package migrated

import (
	"os"

	"github.com/coreos/etcd/clientv3"
	"google.golang.org/grpc/grpclog"
)

func setup() {
	clientv3.SetLogger(grpclog.NewLoggerV2(os.Stderr, os.Stderr, os.Stderr))
}
