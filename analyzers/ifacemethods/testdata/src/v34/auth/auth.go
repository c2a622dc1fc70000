package auth

import (
	"context"

	"go.etcd.io/etcd/clientv3"
)

type fakeAuth struct{} // want `type fakeAuth implements clientv3.Auth but lacks Authenticate and AuthStatus, which clientv3.Auth has from etcd 3.5 \(from 3.4.0,`

func (fakeAuth) AuthEnable(ctx context.Context) (*clientv3.AuthEnableResponse, error) {
	return nil, nil
}
func (fakeAuth) AuthDisable(ctx context.Context) (*clientv3.AuthDisableResponse, error) {
	return nil, nil
}
func (fakeAuth) UserAdd(ctx context.Context, name string, password string) (*clientv3.AuthUserAddResponse, error) {
	return nil, nil
}
func (fakeAuth) UserAddWithOptions(ctx context.Context, name string, password string, opt *clientv3.UserAddOptions) (*clientv3.AuthUserAddResponse, error) {
	return nil, nil
}
func (fakeAuth) UserDelete(ctx context.Context, name string) (*clientv3.AuthUserDeleteResponse, error) {
	return nil, nil
}
func (fakeAuth) UserChangePassword(ctx context.Context, name string, password string) (*clientv3.AuthUserChangePasswordResponse, error) {
	return nil, nil
}
func (fakeAuth) UserGrantRole(ctx context.Context, user string, role string) (*clientv3.AuthUserGrantRoleResponse, error) {
	return nil, nil
}
func (fakeAuth) UserGet(ctx context.Context, name string) (*clientv3.AuthUserGetResponse, error) {
	return nil, nil
}
func (fakeAuth) UserList(ctx context.Context) (*clientv3.AuthUserListResponse, error) {
	return nil, nil
}
func (fakeAuth) UserRevokeRole(ctx context.Context, name string, role string) (*clientv3.AuthUserRevokeRoleResponse, error) {
	return nil, nil
}
func (fakeAuth) RoleAdd(ctx context.Context, name string) (*clientv3.AuthRoleAddResponse, error) {
	return nil, nil
}
func (fakeAuth) RoleGrantPermission(ctx context.Context, name string, key, rangeEnd string, permType clientv3.PermissionType) (*clientv3.AuthRoleGrantPermissionResponse, error) {
	return nil, nil
}
func (fakeAuth) RoleGet(ctx context.Context, role string) (*clientv3.AuthRoleGetResponse, error) {
	return nil, nil
}
func (fakeAuth) RoleList(ctx context.Context) (*clientv3.AuthRoleListResponse, error) {
	return nil, nil
}
func (fakeAuth) RoleRevokePermission(ctx context.Context, role string, key, rangeEnd string) (*clientv3.AuthRoleRevokePermissionResponse, error) {
	return nil, nil
}
func (fakeAuth) RoleDelete(ctx context.Context, role string) (*clientv3.AuthRoleDeleteResponse, error) {
	return nil, nil
}
