package a

import (
	"context"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/snapshot"
	"go.etcd.io/etcd/server/v3/config"
	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

func learner(err error) bool {
	return err == rpctypes.ErrGPRCNotSupportedForLearner // want `var rpctypes.ErrGPRCNotSupportedForLearner is renamed ErrGRPCNotSupportedForLearner in etcd 3.6 \(from 3.5.0, target 3.7.\d+\): the new error has codes.FailedPrecondition`
}

func save(ctx context.Context, cfg clientv3.Config) error {
	return snapshot.Save(ctx, zap.NewNop(), cfg, "db") // want `func snapshot.Save is renamed SaveWithVersion in etcd 3.6`
}

func server() {
	cfg := embed.NewConfig()
	cfg.EnableV2 = true                            // want `field embed.Config.EnableV2 is removed in etcd 3.6`
	cfg.ExperimentalCompactHashCheckEnabled = true // want `field embed.Config.ExperimentalCompactHashCheckEnabled is removed in etcd 3.7 .*: use the stable field or a feature gate`
	_ = embed.NewZapCoreLoggerBuilder              // want `func embed.NewZapCoreLoggerBuilder is removed in etcd 3.6`
	_ = config.V2_DEPR_1_WRITE_ONLY                // want `const config.V2_DEPR_1_WRITE_ONLY is renamed V2Depr1WriteOnly in etcd 3.6`
}
