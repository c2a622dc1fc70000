package a

import (
	"os"

	"go.etcd.io/etcd/clientv3"
	"go.etcd.io/etcd/clientv3/naming"
	"go.etcd.io/etcd/clientv3/snapshot"
	"go.etcd.io/etcd/embed"
	"go.etcd.io/etcd/etcdserver"
	"go.uber.org/zap"
	"google.golang.org/grpc/grpclog"
)

func use(cli *clientv3.Client) {
	_ = clientv3.GetLogger()                                                     // want `func clientv3.GetLogger is removed in etcd 3.5 \(from 3.4.0, target 3.7.\d+\): set Config.Logger`
	_ = clientv3.NewLogger(grpclog.NewLoggerV2(os.Stderr, os.Stderr, os.Stderr)) // want `func clientv3.NewLogger is removed in etcd 3.5`
	_ = &naming.GRPCResolver{Client: cli}                                        // want `type naming.GRPCResolver is removed in etcd 3.5 .*: use client/v3/naming/resolver.NewBuilder`
	_ = snapshot.NewV3(zap.NewNop())                                             // want `func snapshot.NewV3 is removed in etcd 3.5`
	cfg := embed.NewConfig()
	cfg.DeprecatedLogOutput = []string{"default"} // want `field embed.Config.DeprecatedLogOutput is removed in etcd 3.5`
	cfg.LogPkgLevels = "etcdserver=DEBUG"         // want `field embed.Config.LogPkgLevels is removed in etcd 3.5`
	cfg.SnapshotCount = 100                       // migrated: no finding
	var sc etcdserver.ServerConfig                // want `type etcdserver.ServerConfig moves to package server/v3/config in etcd 3.5`
	_ = sc
}
