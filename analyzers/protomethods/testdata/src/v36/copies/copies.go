// Package copies copies etcd 3.6 protobuf messages by value, which go vet
// rejects once 3.7's messages hold protobuf state.
package copies

import (
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/mvccpb"
)

func headers(resp *pb.PutResponse, evs []mvccpb.Event, kvs []*mvccpb.KeyValue) *pb.PutResponse {
	copied := *resp          // want `the assignment copies a etcdserverpb.PutResponse by value`
	var again = copied       // want `the declaration copies a etcdserverpb.PutResponse`
	use(again)               // want `the call copies a etcdserverpb.PutResponse`
	for _, ev := range evs { // want `the range variable copies a mvccpb.Event`
		_ = ev.Type
	}
	for _, kv := range kvs { // pointers: no copy
		_ = kv
	}
	fresh := pb.PutResponse{} // a literal is not a copy
	ptr := &fresh
	return ptr
}

func use(r pb.PutResponse) {} // want `passing it copies a etcdserverpb.PutResponse`

func lookup(m map[string]mvccpb.KeyValue, ch chan mvccpb.Event) int64 {
	if _, ok := m["a"]; ok { // want `the assignment copies a mvccpb.KeyValue by value`
		return 0
	}
	kv, ok := m["b"] // want `the assignment copies a mvccpb.KeyValue by value`
	if !ok {
		return 0
	}
	ev, ok := <-ch // want `the assignment copies a mvccpb.Event by value`
	_ = ev.Type
	return kv.Version
}
