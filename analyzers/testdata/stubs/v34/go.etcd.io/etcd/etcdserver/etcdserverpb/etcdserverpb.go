// Package etcdserverpb mirrors the API of go.etcd.io/etcd/etcdserver/etcdserverpb v3.4 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package etcdserverpb

// ResponseHeader is the header of every response.
type ResponseHeader struct {
	Revision int64
}
