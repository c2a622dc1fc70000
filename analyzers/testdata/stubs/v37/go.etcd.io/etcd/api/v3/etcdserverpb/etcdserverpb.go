// Package etcdserverpb mirrors the API of go.etcd.io/etcd/api/v3/etcdserverpb v3.7.3 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package etcdserverpb

// ResponseHeader is the header of every response.
type ResponseHeader struct {
	Revision int64
}

// GetRevision returns the revision, 0 for a nil header.
func (x *ResponseHeader) GetRevision() int64 {
	if x != nil {
		return x.Revision
	}
	return 0
}

// Compare is one comparison of a transaction.
type Compare struct {
	Key []byte
}
