// Package snapshot mirrors the API of go.etcd.io/etcd/clientv3/snapshot v3.4 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package snapshot

import (
	"context"

	"go.etcd.io/etcd/clientv3"
	"go.uber.org/zap"
)

// Manager defines snapshot methods.
type Manager interface {
	Save(ctx context.Context, cfg clientv3.Config, dbPath string) error
}

// NewV3 returns a new snapshot Manager for v3.x snapshot.
func NewV3(lg *zap.Logger) Manager { return nil }
