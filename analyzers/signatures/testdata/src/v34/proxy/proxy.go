package proxy

import (
	"flag"

	"go.etcd.io/etcd/clientv3"
	"go.etcd.io/etcd/pkg/flags"
	"go.etcd.io/etcd/proxy/grpcproxy"
)

func start(c *clientv3.Client, fs *flag.FlagSet) error {
	_, _ = grpcproxy.NewClusterProxy(c, "127.0.0.1:23790", "/proxy") // want `grpcproxy.NewClusterProxy takes lg \*zap.Logger as argument 1 from etcd 3.5`
	grpcproxy.Register(c, "/proxy", "127.0.0.1:23790", 60)           // want `grpcproxy.Register takes lg \*zap.Logger`
	return flags.SetFlagsFromEnv("ETCD", fs)                         // want `flags.SetFlagsFromEnv takes lg \*zap.Logger`
}
