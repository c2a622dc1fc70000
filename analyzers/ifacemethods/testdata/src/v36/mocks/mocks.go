package mocks

import (
	"context"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

type fakeKV struct{} // want `type fakeKV implements clientv3.KV but lacks GetStream, which clientv3.KV has from etcd 3.7 \(from 3.5.0, target 3.7.\d+\): add the methods or embed clientv3.KV`

func (fakeKV) Put(ctx context.Context, key, val string, opts ...clientv3.OpOption) (*clientv3.PutResponse, error) {
	return nil, nil
}
func (fakeKV) Get(ctx context.Context, key string, opts ...clientv3.OpOption) (*clientv3.GetResponse, error) {
	return nil, nil
}
func (fakeKV) Delete(ctx context.Context, key string, opts ...clientv3.OpOption) (*clientv3.DeleteResponse, error) {
	return nil, nil
}
func (fakeKV) Compact(ctx context.Context, rev int64, opts ...clientv3.CompactOption) (*clientv3.CompactResponse, error) {
	return nil, nil
}
func (fakeKV) Do(ctx context.Context, op clientv3.Op) (clientv3.OpResponse, error) {
	return clientv3.OpResponse{}, nil
}
func (fakeKV) Txn(ctx context.Context) clientv3.Txn { return nil }

// embeddedKV inherits new methods: no finding.
type embeddedKV struct{ clientv3.KV }

func (embeddedKV) Txn(ctx context.Context) clientv3.Txn { return nil }

type kvProxy struct{} // want `type kvProxy implements etcdserverpb.KVServer without embedding etcdserverpb.UnimplementedKVServer, which etcd 3.7 requires`

func (kvProxy) Range(context.Context, *pb.RangeRequest) (*pb.RangeResponse, error) { return nil, nil }
func (kvProxy) Put(context.Context, *pb.PutRequest) (*pb.PutResponse, error)       { return nil, nil }
func (kvProxy) DeleteRange(context.Context, *pb.DeleteRangeRequest) (*pb.DeleteRangeResponse, error) {
	return nil, nil
}
func (kvProxy) Txn(context.Context, *pb.TxnRequest) (*pb.TxnResponse, error) { return nil, nil }
func (kvProxy) Compact(context.Context, *pb.CompactionRequest) (*pb.CompactionResponse, error) {
	return nil, nil
}

// kvServer embeds the Unimplemented server: no finding.
type kvServer struct {
	pb.UnimplementedKVServer
}

func (kvServer) Put(context.Context, *pb.PutRequest) (*pb.PutResponse, error) { return nil, nil }
func (kvServer) DeleteRange(context.Context, *pb.DeleteRangeRequest) (*pb.DeleteRangeResponse, error) {
	return nil, nil
}
func (kvServer) Txn(context.Context, *pb.TxnRequest) (*pb.TxnResponse, error) { return nil, nil }
func (kvServer) Compact(context.Context, *pb.CompactionRequest) (*pb.CompactionResponse, error) {
	return nil, nil
}
