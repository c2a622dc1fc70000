// Package server serves the etcd KV gRPC API from a map, for integration
// tests of clients that talk gRPC to etcd.
package server

import (
	"context"
	"sync"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/mvccpb"
	"google.golang.org/grpc"
)

// KV is a gRPC etcdserverpb.KVServer backed by a map.
type KV struct {
	mu   sync.Mutex
	data map[string][]byte
	rev  int64
}

func (s *KV) Range(ctx context.Context, r *pb.RangeRequest) (*pb.RangeResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	resp := &pb.RangeResponse{Header: &pb.ResponseHeader{Revision: s.rev}}
	if v, ok := s.data[string(r.Key)]; ok {
		resp.Kvs = append(resp.Kvs, &mvccpb.KeyValue{Key: r.Key, Value: v})
		resp.Count = 1
	}
	return resp, nil
}

func (s *KV) Put(ctx context.Context, r *pb.PutRequest) (*pb.PutResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data == nil {
		s.data = map[string][]byte{}
	}
	s.data[string(r.Key)] = r.Value
	s.rev++
	return &pb.PutResponse{Header: &pb.ResponseHeader{Revision: s.rev}}, nil
}

func (s *KV) DeleteRange(ctx context.Context, r *pb.DeleteRangeRequest) (*pb.DeleteRangeResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.data, string(r.Key))
	s.rev++
	return &pb.DeleteRangeResponse{Header: &pb.ResponseHeader{Revision: s.rev}}, nil
}

func (s *KV) Txn(ctx context.Context, r *pb.TxnRequest) (*pb.TxnResponse, error) {
	return &pb.TxnResponse{Header: &pb.ResponseHeader{Revision: s.rev}}, nil
}

func (s *KV) Compact(ctx context.Context, r *pb.CompactionRequest) (*pb.CompactionResponse, error) {
	return &pb.CompactionResponse{Header: &pb.ResponseHeader{Revision: s.rev}}, nil
}

// Register serves s on g.
func Register(g *grpc.Server, s *KV) {
	pb.RegisterKVServer(g, s)
}

// Header returns a copy of a response's header.
func Header(resp *pb.RangeResponse) pb.ResponseHeader {
	return *resp.Header
}
