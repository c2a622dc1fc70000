// Package impls holds a custom clientv3.KV of etcd 3.6, which 3.7 extends
// with GetStream, and gRPC servers that 3.7 requires to embed the
// Unimplemented server, converted in every way Go code can.
package impls

import (
	"context"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
)

type fakeKV struct{} // want `type fakeKV implements clientv3.KV but lacks GetStream, which clientv3.KV has from etcd 3.7`

func (fakeKV) Put(context.Context, string, string, ...clientv3.OpOption) (*clientv3.PutResponse, error) {
	return nil, nil
}
func (fakeKV) Get(context.Context, string, ...clientv3.OpOption) (*clientv3.GetResponse, error) {
	return nil, nil
}
func (fakeKV) Delete(context.Context, string, ...clientv3.OpOption) (*clientv3.DeleteResponse, error) {
	return nil, nil
}
func (fakeKV) Compact(context.Context, int64, ...clientv3.CompactOption) (*clientv3.CompactResponse, error) {
	return nil, nil
}
func (fakeKV) Do(context.Context, clientv3.Op) (clientv3.OpResponse, error) {
	return clientv3.OpResponse{}, nil
}
func (fakeKV) Txn(context.Context) clientv3.Txn { return nil }

// embeddedKV overrides Txn of an embedded KV: no finding.
type embeddedKV struct{ clientv3.KV }

func (embeddedKV) Txn(context.Context) clientv3.Txn { return nil }

// client embeds the real client: no finding.
type client struct {
	*clientv3.Client
	name string
}

type store struct {
	kv clientv3.KV
}

var defaultKV clientv3.KV = fakeKV{} // want `fakeKV no longer implements clientv3.KV: the interface gains GetStream in etcd 3.7`

func newStore(kv clientv3.KV) *store { return &store{kv: kv} }

func conversions(cli *clientv3.Client) clientv3.KV {
	var kv clientv3.KV
	kv = fakeKV{}                    // want `fakeKV no longer implements clientv3.KV`
	_ = newStore(&fakeKV{})          // want `\*fakeKV no longer implements clientv3.KV`
	_ = store{kv: fakeKV{}}          // want `fakeKV no longer implements clientv3.KV`
	_ = []clientv3.KV{fakeKV{}, cli} // want `fakeKV no longer implements clientv3.KV`
	if f, ok := kv.(fakeKV); ok {    // want `fakeKV no longer implements clientv3.KV`
		_ = f
	}
	kv = embeddedKV{}
	kv = client{Client: cli}
	kv = cli
	kv = cli.KV
	_ = kv
	return fakeKV{} // want `fakeKV no longer implements clientv3.KV`
}

// kvProxy implements the gRPC KV service without embedding
// UnimplementedKVServer.
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

// watchProxy implements the gRPC Watch service.
type watchProxy struct{} // want `type watchProxy implements etcdserverpb.WatchServer without embedding etcdserverpb.UnimplementedWatchServer, which etcd 3.7 requires`

func (watchProxy) Watch(pb.Watch_WatchServer) error { return nil }

func register(s *grpc.Server) pb.KVServer {
	pb.RegisterKVServer(s, kvProxy{})       // want `kvProxy no longer implements etcdserverpb.KVServer: the interface gains RangeStream and mustEmbedUnimplementedKVServer in etcd 3.7`
	pb.RegisterKVServer(s, &kvServer{})     // embeds the Unimplemented server: no finding
	pb.RegisterWatchServer(s, watchProxy{}) // want `watchProxy no longer implements etcdserverpb.WatchServer: the interface gains mustEmbedUnimplementedWatchServer in etcd 3.7`
	var srv pb.KVServer = &kvProxy{}        // want `\*kvProxy no longer implements etcdserverpb.KVServer`
	_ = srv
	return kvProxy{} // want `kvProxy no longer implements etcdserverpb.KVServer`
}

// servers holds gRPC servers by interface.
type servers struct {
	kv    pb.KVServer
	watch pb.WatchServer
}

func useKV(pb.KVServer) {}

// serverConversions converts the servers that do not embed their
// Unimplemented server in the other ways Go code can.
func serverConversions(srv pb.KVServer, w pb.WatchServer) servers {
	srv = kvProxy{}                 // want `kvProxy no longer implements etcdserverpb.KVServer`
	useKV(&kvProxy{})               // want `\*kvProxy no longer implements etcdserverpb.KVServer`
	useKV(&kvServer{})              // embeds the Unimplemented server: no finding
	_ = []pb.KVServer{kvProxy{}}    // want `kvProxy no longer implements etcdserverpb.KVServer`
	_ = pb.KVServer(kvProxy{})      // want `kvProxy no longer implements etcdserverpb.KVServer`
	if _, ok := srv.(kvProxy); ok { // want `kvProxy no longer implements etcdserverpb.KVServer`
		return servers{}
	}
	switch w.(type) {
	case watchProxy: // want `watchProxy no longer implements etcdserverpb.WatchServer`
	}
	return servers{kv: kvProxy{}, watch: watchProxy{}} // want `kvProxy no longer implements etcdserverpb.KVServer` `watchProxy no longer implements etcdserverpb.WatchServer`
}
