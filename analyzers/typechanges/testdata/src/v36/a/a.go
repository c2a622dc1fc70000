package a

import (
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

func compare(cmp clientv3.Cmp) *pb.Compare {
	_ = cmp.Key                // want `clientv3.Cmp has no field Key from etcd 3.7 \(it wraps \*pb.Compare\) \(from 3.5.0, target 3.7.\d+\): use cmp.GetCompare\(\).Key`
	c := pb.Compare(cmp)       // want `clientv3.Cmp is a struct wrapping \*pb.Compare from etcd 3.7: the conversion no longer compiles`
	_ = clientv3.Cmp(c)        // want `clientv3.Cmp is a struct wrapping`
	return (*pb.Compare)(&cmp) // want `clientv3.Cmp is a struct wrapping`
}

func header(wr clientv3.WatchResponse) int64 {
	var h pb.ResponseHeader = wr.Header // want `clientv3.WatchResponse.Header is a \*pb.ResponseHeader from etcd 3.7, nil in a zero WatchResponse`
	_ = &wr.Header                      // want `clientv3.WatchResponse.Header is a \*pb.ResponseHeader`
	_ = h
	return wr.Header.Revision // still compiles: no finding
}

func kind(v any) string {
	switch v.(type) {
	case *clientv3.Event:
		return "client"
	case *mvccpb.Event: // want `clientv3.Event is an alias of mvccpb.Event from etcd 3.7: this case duplicates the clientv3.Event one`
		return "mvcc"
	case clientv3.Event: // only one value case: no finding
		return "value"
	}
	return ""
}
