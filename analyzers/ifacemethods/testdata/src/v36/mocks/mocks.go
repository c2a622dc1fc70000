package mocks

import (
	"context"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
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

type kvProxy struct{} // want `type kvProxy implements etcdserverpb.KVServer without embedding etcdserverpb.UnimplementedKVServer, which etcd 3.7 requires \(from 3.5.0, target 3.7.\d+\): embed etcdserverpb.UnimplementedKVServer`

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

// wrapped gets the server's methods through a struct that embeds the
// Unimplemented server: no finding.
type wrapped struct {
	kvServer
}

// proxies holds servers by interface.
type proxies struct {
	kv pb.KVServer
}

var defaultServer pb.KVServer = kvProxy{} // want `kvProxy no longer implements etcdserverpb.KVServer: the interface gains RangeStream and mustEmbedUnimplementedKVServer in etcd 3.7 \(from 3.5.0, target 3.7.\d+\): embed etcdserverpb.UnimplementedKVServer in kvProxy`

func serve(srv pb.KVServer) {}

func register(s *grpc.Server, srv pb.KVServer) pb.KVServer {
	pb.RegisterKVServer(s, kvProxy{})  // want `kvProxy no longer implements etcdserverpb.KVServer`
	pb.RegisterKVServer(s, &kvProxy{}) // want `\*kvProxy no longer implements etcdserverpb.KVServer`
	pb.RegisterKVServer(s, kvServer{})
	pb.RegisterKVServer(s, &wrapped{})
	pb.RegisterKVServer(s, srv)
	serve(kvProxy{})                           // want `kvProxy no longer implements etcdserverpb.KVServer`
	srv = kvProxy{}                            // want `kvProxy no longer implements etcdserverpb.KVServer`
	_ = proxies{kv: kvProxy{}}                 // want `kvProxy no longer implements etcdserverpb.KVServer`
	_ = proxies{kvProxy{}}                     // want `kvProxy no longer implements etcdserverpb.KVServer`
	_ = map[string]pb.KVServer{"a": kvProxy{}} // want `kvProxy no longer implements etcdserverpb.KVServer`
	_ = pb.KVServer(kvProxy{})                 // want `kvProxy no longer implements etcdserverpb.KVServer`
	if _, ok := srv.(kvProxy); ok {            // want `kvProxy no longer implements etcdserverpb.KVServer`
		return nil
	}
	switch srv.(type) {
	case kvProxy: // want `kvProxy no longer implements etcdserverpb.KVServer`
	case kvServer:
	}
	f := func() pb.KVServer { return kvProxy{} } // want `kvProxy no longer implements etcdserverpb.KVServer`
	_ = f
	return kvProxy{} // want `kvProxy no longer implements etcdserverpb.KVServer`
}
