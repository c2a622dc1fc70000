// Package etcdserverpb mirrors the API of go.etcd.io/etcd/api/v3/etcdserverpb v3.6.16 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package etcdserverpb

import (
	"context"

	"google.golang.org/grpc"
)

// ResponseHeader is the header of every response.
type ResponseHeader struct {
	ClusterId uint64
	MemberId  uint64
	Revision  int64
	RaftTerm  uint64
}

// Compare_CompareTarget is what a Compare compares.
type Compare_CompareTarget int32

// Compare_CompareResult is the comparison operator.
type Compare_CompareResult int32

// Compare is one comparison of a transaction.
type Compare struct {
	Result   Compare_CompareResult
	Target   Compare_CompareTarget
	Key      []byte
	RangeEnd []byte
}

// PutRequest is a put request.
type PutRequest struct {
	Key   []byte
	Value []byte
}

// Marshal encodes the request.
func (m *PutRequest) Marshal() (dAtA []byte, err error) { return nil, nil }

// Unmarshal decodes the request.
func (m *PutRequest) Unmarshal(dAtA []byte) error { return nil }

// Size returns the encoded size.
func (m *PutRequest) Size() (n int) { return 0 }

// XXX_Size returns the encoded size.
func (m *PutRequest) XXX_Size() int { return 0 }

// Requests and responses of the KV service.
type (
	RangeRequest  struct{}
	RangeResponse struct {
		Header *ResponseHeader
		// The gogo bookkeeping field (clientv3.GetResponse is defined
		// over this message).
		XXX_sizecache int32
	}
	PutResponse         struct{}
	DeleteRangeRequest  struct{}
	DeleteRangeResponse struct{}
	TxnRequest          struct{}
	TxnResponse         struct{}
	CompactionRequest   struct{}
	CompactionResponse  struct{}
)

// KVServer is the server API for KV service.
type KVServer interface {
	Range(context.Context, *RangeRequest) (*RangeResponse, error)
	Put(context.Context, *PutRequest) (*PutResponse, error)
	DeleteRange(context.Context, *DeleteRangeRequest) (*DeleteRangeResponse, error)
	Txn(context.Context, *TxnRequest) (*TxnResponse, error)
	Compact(context.Context, *CompactionRequest) (*CompactionResponse, error)
}

// RegisterKVServer registers srv with s.
func RegisterKVServer(s *grpc.Server, srv KVServer) {}

// UnimplementedKVServer can be embedded to have forward compatible implementations.
type UnimplementedKVServer struct{}

// Range is not implemented.
func (*UnimplementedKVServer) Range(ctx context.Context, req *RangeRequest) (*RangeResponse, error) {
	return nil, nil
}

// Request is a v2 request.
type Request struct {
	ID     uint64
	Method string
}

// InternalRaftRequest is a request replicated through raft.
type InternalRaftRequest struct {
	ID uint64
	V2 *Request
}
