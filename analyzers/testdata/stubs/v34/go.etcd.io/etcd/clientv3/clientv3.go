// Package clientv3 mirrors the API of go.etcd.io/etcd/clientv3 v3.4.37 for etcdlint's analyzer tests:
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
	// MaxUnaryRetries is the maximum number of retries for unary RPCs.
	MaxUnaryRetries uint
	// BackoffWaitBetween is the wait time before retrying an RPC.
	BackoffWaitBetween time.Duration
	// BackoffJitterFraction is the jitter fraction to randomize backoff wait time.
	BackoffJitterFraction float64
}

// NewOp returns a new Op.
func NewOp() *Op { return &Op{} }

// Op represents an Operation that kv can execute.
type Op struct{}

const (
	// AutoWatchID is the watcher ID passed in WatchStream.Watch when no
	// user-provided ID is available.
	AutoWatchID = 0
	// InvalidWatchID is the watcher ID returned when a watch fails.
	InvalidWatchID = -1
)

// Client provides and manages an etcd v3 client.
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

// Auth responses.
type (
	AuthEnableResponse               struct{}
	AuthDisableResponse              struct{}
	AuthUserAddResponse              struct{}
	AuthUserDeleteResponse           struct{}
	AuthUserChangePasswordResponse   struct{}
	AuthUserGrantRoleResponse        struct{}
	AuthUserGetResponse              struct{}
	AuthUserListResponse             struct{}
	AuthUserRevokeRoleResponse       struct{}
	AuthRoleAddResponse              struct{}
	AuthRoleGrantPermissionResponse  struct{}
	AuthRoleGetResponse              struct{}
	AuthRoleListResponse             struct{}
	AuthRoleRevokePermissionResponse struct{}
	AuthRoleDeleteResponse           struct{}
)

// PermissionType is a permission type.
type PermissionType int32

// UserAddOptions are options of UserAddWithOptions.
type UserAddOptions struct{ NoPassword bool }

// Auth is the auth API.
type Auth interface {
	AuthEnable(ctx context.Context) (*AuthEnableResponse, error)
	AuthDisable(ctx context.Context) (*AuthDisableResponse, error)
	UserAdd(ctx context.Context, name string, password string) (*AuthUserAddResponse, error)
	UserAddWithOptions(ctx context.Context, name string, password string, opt *UserAddOptions) (*AuthUserAddResponse, error)
	UserDelete(ctx context.Context, name string) (*AuthUserDeleteResponse, error)
	UserChangePassword(ctx context.Context, name string, password string) (*AuthUserChangePasswordResponse, error)
	UserGrantRole(ctx context.Context, user string, role string) (*AuthUserGrantRoleResponse, error)
	UserGet(ctx context.Context, name string) (*AuthUserGetResponse, error)
	UserList(ctx context.Context) (*AuthUserListResponse, error)
	UserRevokeRole(ctx context.Context, name string, role string) (*AuthUserRevokeRoleResponse, error)
	RoleAdd(ctx context.Context, name string) (*AuthRoleAddResponse, error)
	RoleGrantPermission(ctx context.Context, name string, key, rangeEnd string, permType PermissionType) (*AuthRoleGrantPermissionResponse, error)
	RoleGet(ctx context.Context, role string) (*AuthRoleGetResponse, error)
	RoleList(ctx context.Context) (*AuthRoleListResponse, error)
	RoleRevokePermission(ctx context.Context, role string, key, rangeEnd string) (*AuthRoleRevokePermissionResponse, error)
	RoleDelete(ctx context.Context, role string) (*AuthRoleDeleteResponse, error)
}
