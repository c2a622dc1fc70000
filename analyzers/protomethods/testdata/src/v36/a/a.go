package a

import (
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/raft/v3/raftpb"
)

func encode(req *pb.PutRequest, v pb.PutRequest, b []byte) ([]byte, error) { // want `passing it copies a etcdserverpb.PutRequest by value`
	if err := req.Unmarshal(b); err != nil { // want `etcdserverpb.PutRequest.Unmarshal is removed by the protobuf migration of etcd 3.7 \(from 3.5.0, target 3.7.\d+\): use google.golang.org/protobuf/proto`
		return nil, err
	}
	_ = req.Size()       // want `etcdserverpb.PutRequest.Size is removed`
	_ = req.XXX_Size()   // want `etcdserverpb.PutRequest.XXX_Size is removed`
	_, _ = v.Marshal()   // want `etcdserverpb.PutRequest.Marshal is removed`
	return req.Marshal() // want `etcdserverpb.PutRequest.Marshal is removed`
}

func entry(e *raftpb.Entry) ([]byte, error) {
	return e.Marshal() // want `raftpb.Entry.Marshal is removed by the protobuf migration`
}
