// Package copies copies etcd 3.5 protobuf messages and clients by value,
// which go vet rejects once 3.7's messages hold protobuf state and its
// client an atomic.
package copies

import (
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

type cache struct {
	last mvccpb.KeyValue
}

func header(resp *clientv3.GetResponse) int64 {
	h := *resp.Header // want `the assignment copies a etcdserverpb.ResponseHeader by value`
	return h.Revision
}

func values(resp *pb.RangeResponse, kvs []mvccpb.KeyValue, c *cache) []mvccpb.KeyValue {
	for _, kv := range kvs { // want `the range variable copies a mvccpb.KeyValue`
		_ = kv.Key
	}
	for _, kv := range resp.Kvs { // pointers: no copy
		_ = kv
	}
	c.last = *resp.Kvs[0]            // want `the assignment copies a mvccpb.KeyValue`
	return append(kvs, *resp.Kvs[0]) // want `the call copies a mvccpb.KeyValue`
}

func keep(kv mvccpb.KeyValue) {} // want `passing it copies a mvccpb.KeyValue`

func client(cli *clientv3.Client) {
	c := *cli // want `the assignment copies a clientv3.Client by value`
	_ = &c
}
