// Package etcdserverpb mirrors the API of github.com/coreos/etcd/etcdserver/etcdserverpb v3.1.20 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package etcdserverpb

// ResponseHeader is the header of every response.
type ResponseHeader struct {
	ClusterId uint64
	MemberId  uint64
	Revision  int64
	RaftTerm  uint64
}

// Every response type the client aliases.
type (
	LeaseGrantResponse     struct{ Header *ResponseHeader }
	LeaseRevokeResponse    struct{ Header *ResponseHeader }
	LeaseKeepAliveResponse struct{ Header *ResponseHeader }
	PutResponse            struct{ Header *ResponseHeader }
	RangeResponse          struct{ Header *ResponseHeader }
	DeleteRangeResponse    struct{ Header *ResponseHeader }
	CompactionResponse     struct{ Header *ResponseHeader }
	TxnResponse            struct{ Header *ResponseHeader }
)

// KVClient is the client API for KV service.
type KVClient interface{}

// WatchClient is the client API for Watch service.
type WatchClient interface{}
