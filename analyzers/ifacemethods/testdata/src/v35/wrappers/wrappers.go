// Package wrappers holds types that get the clientv3 interfaces' methods
// by embedding: they inherit the methods later releases add, so none is
// reported.
package wrappers

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// client wraps the real client (which embeds Cluster and Maintenance).
type client struct {
	*clientv3.Client
	name string
}

// logged overrides one method of an embedded Maintenance.
type logged struct {
	clientv3.Maintenance
}

func (l logged) Status(ctx context.Context, ep string) (*clientv3.StatusResponse, error) {
	return l.Maintenance.Status(ctx, ep)
}

// nested embeds a wrapper.
type nested struct{ client }
