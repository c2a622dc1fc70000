// Package clientv3 mirrors the API of go.etcd.io/etcd/clientv3 v3.4 (v0.5.0-alpha.5.0.20230414071934-94593e63d45c) for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package clientv3

import (
	"context"
	"time"

	"go.etcd.io/etcd/pkg/logutil"
	"google.golang.org/grpc"
	"google.golang.org/grpc/grpclog"
)

// SetLogger sets client-side Logger.
func SetLogger(l grpclog.LoggerV2) {}

// GetLogger returns the current logutil.Logger.
func GetLogger() logutil.Logger { return nil }

// NewLogger returns a new Logger with logutil.Logger.
func NewLogger(gl grpclog.LoggerV2) logutil.Logger { return nil }

// IsConnCanceled returns true, if error is from a closed gRPC connection.
func IsConnCanceled(err error) bool { return false }

// Config is the client configuration.
type Config struct {
	Endpoints   []string
	DialTimeout time.Duration
	DialOptions []grpc.DialOption
}

// Client provides and manages an etcd v3 client session.
type Client struct{}

// New creates a new etcdv3 client from a given configuration.
func New(cfg Config) (*Client, error) { return nil, nil }

// Member is a cluster member.
type Member struct{ ID uint64 }

// Cluster responses.
type (
	MemberListResponse    struct{ Members []*Member }
	MemberAddResponse     struct{ Member *Member }
	MemberRemoveResponse  struct{}
	MemberUpdateResponse  struct{}
	MemberPromoteResponse struct{}
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
