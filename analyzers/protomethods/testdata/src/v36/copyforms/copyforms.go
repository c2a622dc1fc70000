// Package copyforms copies etcd 3.6 messages and clients by value in every
// form go vet's copylocks check reports once 3.7's types hold protobuf
// state or atomics.
package copyforms

import (
	clientv3 "go.etcd.io/etcd/client/v3"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/mvccpb"
)

// holder keeps a message by value: copying a holder copies it.
type holder struct {
	kv mvccpb.KeyValue
}

// service keeps the client by value.
type service struct {
	cli clientv3.Client
}

func header(resp *pb.RangeResponse) int64 {
	h := *resp.Header // want `the assignment copies a etcdserverpb.ResponseHeader by value.*use a pointer to the message \(or proto.Clone\)$`
	return h.Revision + h.Revision
}

func headerKept(resp *pb.RangeResponse) *pb.ResponseHeader {
	h := *resp.Header // want `the assignment copies a etcdserverpb.ResponseHeader by value.*not fixed automatically`
	return &h
}

func headerWritten(resp *pb.RangeResponse) int64 {
	h := *resp.Header // want `the assignment copies a etcdserverpb.ResponseHeader.*not fixed automatically`
	h.Revision++
	return h.Revision
}

func forms(kvs []mvccpb.KeyValue, kv *mvccpb.KeyValue, get *clientv3.GetResponse, m map[string]mvccpb.KeyValue) []mvccpb.KeyValue {
	for _, v := range kvs { // want `the range variable copies a mvccpb.KeyValue`
		_ = v.Key
	}
	for i := range kvs { // indexes: no copy
		_ = kvs[i].Key
	}
	var v mvccpb.KeyValue
	for _, v = range kvs { // want `the range variable copies a mvccpb.KeyValue`
	}
	_ = &v
	out := []mvccpb.KeyValue{*kv} // want `the composite literal copies a mvccpb.KeyValue`
	h := holder{kv: *kv}          // want `the composite literal copies a mvccpb.KeyValue`
	out = append(out, *kv)        // want `the call copies a mvccpb.KeyValue`
	g := *get                     // want `the assignment copies a clientv3.GetResponse by value`
	_ = g.Header
	hh := h // want `the assignment copies a holder, which holds a mvccpb.KeyValue \(kv\), by value`
	_ = &hh
	arr := [2]mvccpb.KeyValue{} // a literal: no copy
	arr2 := arr                 // want `the assignment copies a mvccpb.KeyValue`
	_ = &arr2
	fromMap := m["k"] // want `the assignment copies a mvccpb.KeyValue`
	_ = &fromMap
	fresh := mvccpb.KeyValue{} // a literal: no copy
	made := *newKV()           // a dereferenced call result: no copy (as go vet)
	_, _ = &fresh, &made
	_ = len(out)
	return out
}

func newKV() *mvccpb.KeyValue { return &mvccpb.KeyValue{} }

// Results by value are not reported (go vet does not), their returns are.
func result(kv *mvccpb.KeyValue) mvccpb.KeyValue {
	return *kv // want `the return copies a mvccpb.KeyValue`
}

func (h holder) key() []byte { return h.kv.Key } // want `the receiver copies a holder, which holds a mvccpb.KeyValue \(kv\),`

var callback = func(kv mvccpb.KeyValue) {} // want `passing it copies a mvccpb.KeyValue`

func clients(cli *clientv3.Client, s *service) clientv3.Client {
	c := *cli                 // want `the assignment copies a clientv3.Client by value; from etcd 3.7 the client holds an atomic.Pointer.*use a \*clientv3.Client; not fixed automatically`
	useClient(c)              // want `the call copies a clientv3.Client`
	svc := service{cli: *cli} // want `the composite literal copies a clientv3.Client`
	copied := *s              // want `the assignment copies a service, which holds a clientv3.Client \(cli\),`
	_, _ = &svc, &copied
	return *cli // want `the return copies a clientv3.Client`
}

func useClient(c clientv3.Client) {} // want `passing it copies a clientv3.Client`

// An interface method or func type with a message parameter declares no
// copy (go vet reports none).
type visitor interface {
	Visit(kv mvccpb.KeyValue)
}

type visitFunc func(kv mvccpb.KeyValue)

// 3.7's Cmp holds a *pb.Compare and its WatchResponse a *pb.ResponseHeader:
// copying them is no copy of a message there.
func notCopies(cmp *clientv3.Cmp, wr *clientv3.WatchResponse) {
	c := *cmp
	w := *wr
	_, _ = &c, &w
}

func loops() {
	for kv := newKVValue(); len(kv.Key) == 0; { // want `the loop iteration copies a mvccpb.KeyValue`
		break
	}
}

func newKVValue() mvccpb.KeyValue { return mvccpb.KeyValue{} }
