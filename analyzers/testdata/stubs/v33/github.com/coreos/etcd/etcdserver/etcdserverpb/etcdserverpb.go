// Package etcdserverpb mirrors the API of github.com/coreos/etcd/etcdserver/etcdserverpb v3.3.27 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package etcdserverpb

// AuthRoleRevokePermissionRequest revokes a key or range permission of a specified role.
type AuthRoleRevokePermissionRequest struct {
	Role     string
	Key      string
	RangeEnd string
}
