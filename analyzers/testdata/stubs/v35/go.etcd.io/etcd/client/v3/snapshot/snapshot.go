// Package snapshot mirrors the API of go.etcd.io/etcd/client/v3/snapshot v3.5.35 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package snapshot

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
)

// Save fetches snapshot from remote etcd server and saves data
// to target path.
func Save(ctx context.Context, lg *zap.Logger, cfg clientv3.Config, dbPath string) error { return nil }
