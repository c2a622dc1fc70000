// Package backup saves a snapshot of an etcd cluster to a file.
package backup

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/snapshot"
	"go.uber.org/zap"
)

// Save writes a snapshot of the cluster at endpoint to path.
func Save(ctx context.Context, endpoint, path string) error {
	return snapshot.Save(ctx, zap.NewNop(), clientv3.Config{Endpoints: []string{endpoint}}, path)
}
