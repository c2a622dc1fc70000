// Package etcdserverpb mirrors the API of github.com/coreos/etcd/etcdserver/etcdserverpb v3.2.9 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package etcdserverpb

import (
	"context"

	"google.golang.org/grpc"
)

// KVClient is the client API for KV service.
type KVClient interface{}

// ClusterClient is the client API for Cluster service.
type ClusterClient interface{}

// LeaseClient is the client API for Lease service.
type LeaseClient interface{}

// MaintenanceClient is the client API for Maintenance service.
type MaintenanceClient interface{}

// WatchClient is the client API for Watch service.
type WatchClient interface{}

// NewKVClient returns a KVClient.
func NewKVClient(cc *grpc.ClientConn) KVClient { return nil }

// NewClusterClient returns a ClusterClient.
func NewClusterClient(cc *grpc.ClientConn) ClusterClient { return nil }

// NewLeaseClient returns a LeaseClient.
func NewLeaseClient(cc *grpc.ClientConn) LeaseClient { return nil }

// NewMaintenanceClient returns a MaintenanceClient.
func NewMaintenanceClient(cc *grpc.ClientConn) MaintenanceClient { return nil }

// NewWatchClient returns a WatchClient.
func NewWatchClient(cc *grpc.ClientConn) WatchClient { return nil }

// Requests and responses of the Maintenance service.
type (
	StatusRequest  struct{}
	StatusResponse struct{}
)

// MaintenanceServer is the server API for Maintenance service.
type MaintenanceServer interface {
	Status(context.Context, *StatusRequest) (*StatusResponse, error)
}

// RegisterMaintenanceServer registers srv with s.
func RegisterMaintenanceServer(s *grpc.Server, srv MaintenanceServer) {}
