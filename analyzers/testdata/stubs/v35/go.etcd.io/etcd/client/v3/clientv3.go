// Package clientv3 mirrors the API of go.etcd.io/etcd/client/v3 v3.5.35 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package clientv3

import (
	"context"
	"io"
)

// Config is the client configuration.
type Config struct {
	Endpoints []string
}

// Client provides and manages an etcd v3 client.
type Client struct {
	Cluster
	Maintenance
}

// New creates a new etcdv3 client from a given configuration.
func New(cfg Config) (*Client, error) { return nil, nil }

// OpOption configures Operations like Get, Put, Delete.
type OpOption func(*Op)

// Op represents an Operation that kv can execute.
type Op struct{}

// Member is a cluster member.
type Member struct{ ID uint64 }

// Responses.
type (
	MemberListResponse    struct{ Members []*Member }
	MemberAddResponse     struct{ Member *Member }
	MemberRemoveResponse  struct{}
	MemberUpdateResponse  struct{}
	MemberPromoteResponse struct{}
	AlarmResponse         struct{}
	AlarmMember           struct{}
	DefragmentResponse    struct{}
	StatusResponse        struct{}
	HashKVResponse        struct{}
	MoveLeaderResponse    struct{}
)

// Cluster is the membership API.
type Cluster interface {
	MemberList(ctx context.Context) (*MemberListResponse, error)
	MemberAdd(ctx context.Context, peerAddrs []string) (*MemberAddResponse, error)
	MemberAddAsLearner(ctx context.Context, peerAddrs []string) (*MemberAddResponse, error)
	MemberRemove(ctx context.Context, id uint64) (*MemberRemoveResponse, error)
	MemberUpdate(ctx context.Context, id uint64, peerAddrs []string) (*MemberUpdateResponse, error)
	MemberPromote(ctx context.Context, id uint64) (*MemberPromoteResponse, error)
}

// Maintenance is the maintenance API.
type Maintenance interface {
	AlarmList(ctx context.Context) (*AlarmResponse, error)
	AlarmDisarm(ctx context.Context, m *AlarmMember) (*AlarmResponse, error)
	Defragment(ctx context.Context, endpoint string) (*DefragmentResponse, error)
	Status(ctx context.Context, endpoint string) (*StatusResponse, error)
	HashKV(ctx context.Context, endpoint string, rev int64) (*HashKVResponse, error)
	Snapshot(ctx context.Context) (io.ReadCloser, error)
	MoveLeader(ctx context.Context, transfereeID uint64) (*MoveLeaderResponse, error)
}
