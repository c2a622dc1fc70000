// Package authpb mirrors the API of go.etcd.io/etcd/api/v3/authpb v3.6.16 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package authpb

// Permission_Type is the type of a permission.
type Permission_Type int32

// The permission types.
const (
	READ      Permission_Type = 0
	WRITE     Permission_Type = 1
	READWRITE Permission_Type = 2
)
