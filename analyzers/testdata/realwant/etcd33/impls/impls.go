// Package impls holds custom implementations of etcd 3.3 interfaces that
// later releases extend, converted to the interface in every way Go code
// can, next to wrappers that inherit the new methods by embedding.
package impls

import (
	"context"

	"github.com/coreos/etcd/clientv3"                   // want `package github.com/coreos/etcd/clientv3 moved to go.etcd.io/etcd/clientv3 in etcd 3.4, then moved to go.etcd.io/etcd/client/v3 in etcd 3.5`
	pb "github.com/coreos/etcd/etcdserver/etcdserverpb" // want `package github.com/coreos/etcd/etcdserver/etcdserverpb moved to go.etcd.io/etcd/etcdserver/etcdserverpb in etcd 3.4`
	"google.golang.org/grpc"
)

type fakeCluster struct{} // want `type fakeCluster implements clientv3.Cluster but lacks MemberAddAsLearner and MemberPromote, which clientv3.Cluster has from etcd 3.4` `type fakeCluster implements clientv3.Cluster but lacks MemberList\(ctx, opts ...OpOption\), which clientv3.Cluster has from etcd 3.6`

func (fakeCluster) MemberList(context.Context) (*clientv3.MemberListResponse, error) {
	return nil, nil
}
func (fakeCluster) MemberAdd(context.Context, []string) (*clientv3.MemberAddResponse, error) {
	return nil, nil
}
func (fakeCluster) MemberRemove(context.Context, uint64) (*clientv3.MemberRemoveResponse, error) {
	return nil, nil
}
func (fakeCluster) MemberUpdate(context.Context, uint64, []string) (*clientv3.MemberUpdateResponse, error) {
	return nil, nil
}

type fakeAuth struct{} // want `type fakeAuth implements clientv3.Auth but lacks UserAddWithOptions, which clientv3.Auth has from etcd 3.4` `type fakeAuth implements clientv3.Auth but lacks Authenticate and AuthStatus, which clientv3.Auth has from etcd 3.5`

func (fakeAuth) AuthEnable(context.Context) (*clientv3.AuthEnableResponse, error) { return nil, nil }
func (fakeAuth) AuthDisable(context.Context) (*clientv3.AuthDisableResponse, error) {
	return nil, nil
}
func (fakeAuth) UserAdd(context.Context, string, string) (*clientv3.AuthUserAddResponse, error) {
	return nil, nil
}
func (fakeAuth) UserDelete(context.Context, string) (*clientv3.AuthUserDeleteResponse, error) {
	return nil, nil
}
func (fakeAuth) UserChangePassword(context.Context, string, string) (*clientv3.AuthUserChangePasswordResponse, error) {
	return nil, nil
}
func (fakeAuth) UserGrantRole(context.Context, string, string) (*clientv3.AuthUserGrantRoleResponse, error) {
	return nil, nil
}
func (fakeAuth) UserGet(context.Context, string) (*clientv3.AuthUserGetResponse, error) {
	return nil, nil
}
func (fakeAuth) UserList(context.Context) (*clientv3.AuthUserListResponse, error) { return nil, nil }
func (fakeAuth) UserRevokeRole(context.Context, string, string) (*clientv3.AuthUserRevokeRoleResponse, error) {
	return nil, nil
}
func (fakeAuth) RoleAdd(context.Context, string) (*clientv3.AuthRoleAddResponse, error) {
	return nil, nil
}
func (fakeAuth) RoleGrantPermission(context.Context, string, string, string, clientv3.PermissionType) (*clientv3.AuthRoleGrantPermissionResponse, error) {
	return nil, nil
}
func (fakeAuth) RoleGet(context.Context, string) (*clientv3.AuthRoleGetResponse, error) {
	return nil, nil
}
func (fakeAuth) RoleList(context.Context) (*clientv3.AuthRoleListResponse, error) { return nil, nil }
func (fakeAuth) RoleRevokePermission(context.Context, string, string, string) (*clientv3.AuthRoleRevokePermissionResponse, error) {
	return nil, nil
}
func (fakeAuth) RoleDelete(context.Context, string) (*clientv3.AuthRoleDeleteResponse, error) {
	return nil, nil
}

// wrapped inherits every method, the new ones too: no finding.
type wrapped struct{ clientv3.Cluster }

// withClient inherits them from the client: no finding.
type withClient struct{ *clientv3.Client }

// holder keeps the interfaces in fields.
type holder struct {
	C clientv3.Cluster
	A clientv3.Auth
}

// global is a package-level declaration with the interface type.
var global clientv3.Cluster = fakeCluster{} // want `fakeCluster no longer implements clientv3.Cluster: the interface gains MemberAddAsLearner, MemberPromote in etcd 3.4` `fakeCluster no longer implements clientv3.Cluster: MemberList changes its signature in etcd 3.6`

func useCluster(clientv3.Cluster) {}

func conversions(cli *clientv3.Client) (clientv3.Cluster, clientv3.Auth) {
	var c clientv3.Cluster
	c = fakeCluster{}                     // want `fakeCluster no longer implements clientv3.Cluster` `fakeCluster no longer implements clientv3.Cluster: MemberList changes its signature in etcd 3.6`
	useCluster(&fakeCluster{})            // want `\*fakeCluster no longer implements clientv3.Cluster` `\*fakeCluster no longer implements clientv3.Cluster: MemberList changes its signature in etcd 3.6`
	_ = holder{C: fakeCluster{}}          // want `fakeCluster no longer implements clientv3.Cluster` `fakeCluster no longer implements clientv3.Cluster: MemberList changes its signature in etcd 3.6`
	_ = holder{A: fakeAuth{}}             // want `fakeAuth no longer implements clientv3.Auth: the interface gains` `fakeAuth no longer implements clientv3.Auth: the interface gains AuthStatus, Authenticate in etcd 3.5`
	_ = []clientv3.Cluster{fakeCluster{}} // want `fakeCluster no longer implements clientv3.Cluster` `fakeCluster no longer implements clientv3.Cluster: MemberList changes its signature in etcd 3.6`
	if _, ok := c.(fakeCluster); ok {     // want `fakeCluster no longer implements clientv3.Cluster` `fakeCluster no longer implements clientv3.Cluster: MemberList changes its signature in etcd 3.6`
	}
	var a clientv3.Auth = fakeAuth{} // want `fakeAuth no longer implements clientv3.Auth` `fakeAuth no longer implements clientv3.Auth: the interface gains AuthStatus, Authenticate in etcd 3.5`
	c = wrapped{}
	c = withClient{cli}
	useCluster(cli)
	_, _ = c, a
	return fakeCluster{}, fakeAuth{} // want `fakeCluster no longer implements clientv3.Cluster: the interface gains` `fakeAuth no longer implements clientv3.Auth: the interface gains UserAddWithOptions in etcd 3.4` `fakeCluster no longer implements clientv3.Cluster: MemberList changes its signature in etcd 3.6` `fakeAuth no longer implements clientv3.Auth: the interface gains AuthStatus, Authenticate in etcd 3.5`
}

// clusterProxy implements the gRPC cluster service of 3.3.
type clusterProxy struct{} // want `type clusterProxy implements etcdserverpb.ClusterServer without embedding etcdserverpb.UnimplementedClusterServer, which etcd 3.7 requires`

func (clusterProxy) MemberAdd(context.Context, *pb.MemberAddRequest) (*pb.MemberAddResponse, error) {
	return nil, nil
}
func (clusterProxy) MemberRemove(context.Context, *pb.MemberRemoveRequest) (*pb.MemberRemoveResponse, error) {
	return nil, nil
}
func (clusterProxy) MemberUpdate(context.Context, *pb.MemberUpdateRequest) (*pb.MemberUpdateResponse, error) {
	return nil, nil
}
func (clusterProxy) MemberList(context.Context, *pb.MemberListRequest) (*pb.MemberListResponse, error) {
	return nil, nil
}

func register(s *grpc.Server) {
	pb.RegisterClusterServer(s, clusterProxy{}) // want `clusterProxy no longer implements etcdserverpb.ClusterServer: the interface gains MemberPromote in etcd 3.4` `clusterProxy no longer implements etcdserverpb.ClusterServer: the interface gains mustEmbedUnimplementedClusterServer in etcd 3.7`
}
