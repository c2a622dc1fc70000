// Package copies copies etcd 3.6 protobuf messages and clients by value,
// which go vet rejects once 3.7's messages hold protobuf state and its
// client an atomic.
package copies

import (
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// last keeps a header by value.
type last struct {
	header pb.ResponseHeader
}

// service keeps the client by value.
type service struct {
	cli clientv3.Client
}

func header(resp *pb.RangeResponse, l *last) pb.ResponseHeader {
	h := *resp.Header   // want `the assignment copies a etcdserverpb.ResponseHeader by value`
	l.header = h        // want `the assignment copies a etcdserverpb.ResponseHeader by value`
	return *resp.Header // want `the return copies a etcdserverpb.ResponseHeader`
}

func keyValues(get *clientv3.GetResponse, kvs []mvccpb.KeyValue, evs []*mvccpb.Event) []mvccpb.KeyValue {
	var out []mvccpb.KeyValue
	for _, kv := range kvs { // want `the range variable copies a mvccpb.KeyValue`
		_ = kv.Key
	}
	for _, kv := range get.Kvs {
		out = append(out, *kv) // want `the call copies a mvccpb.KeyValue`
	}
	for _, ev := range evs {
		_ = ev.Kv // pointers: no copy
	}
	single := []mvccpb.KeyValue{*get.Kvs[0]} // want `the composite literal copies a mvccpb.KeyValue`
	_ = single
	return out
}

func visit(kv mvccpb.KeyValue) {} // want `passing it copies a mvccpb.KeyValue`

func clients(cli *clientv3.Client) service {
	c := *cli // want `the assignment copies a clientv3.Client by value`
	_ = &c
	return service{cli: *cli} // want `the composite literal copies a clientv3.Client`
}

func useClient(c clientv3.Client) {} // want `passing it copies a clientv3.Client`

// watchState keeps a watch response by value: 3.7's holds its header by
// pointer, so copying it copies no message.
type watchState struct {
	last clientv3.WatchResponse
}

func remember(s *watchState, wr clientv3.WatchResponse) int64 {
	again := *s // no copy
	again.last = wr
	return again.last.CompactRevision
}

// responses holds a GetResponse and a RangeResponse two levels down.
type responses struct {
	in held
}

type held struct {
	get clientv3.GetResponse
	rng pb.RangeResponse
}

func deep(r *responses) int64 {
	again := *r   // want `the assignment copies a responses, which holds a clientv3.GetResponse \(in.get\), by value`
	inner := r.in // want `the assignment copies a held, which holds a clientv3.GetResponse \(get\), by value`
	return again.in.rng.Count + inner.get.Count
}
