package a

import (
	"github.com/coreos/etcd/clientv3"
	pb "github.com/coreos/etcd/etcdserver/etcdserverpb"
	"google.golang.org/grpc"
)

func check(err error, remote pb.KVClient) {
	//etcdlint:ignore EC3202 the error is only logged
	_ = err == grpc.ErrClientConnTimeout

	_ = err == grpc.ErrClientConnTimeout //etcdlint:ignore EC3202 same line works too

	/* want `etcdlint:ignore directive without a reason: add why the finding does not apply` */ //etcdlint:ignore EC3202
	_ = err == grpc.ErrClientConnTimeout

	/* want `etcdlint:ignore names SA1019, which is not an etcdlint rule` */ //etcdlint:ignore SA1019 deprecated is fine
	_ = clientv3.NewKVFromKVClient(remote)

	/* want `etcdlint:ignore names EC3102, which the code analyzers do not report` */ //etcdlint:ignore EC3102 checked by hand
	_ = remote

	/* want `etcdlint:ignore EC3203 suppresses nothing \(from 3.0.0, target 3.6.\d+\): remove it` */ //etcdlint:ignore EC3203 nothing to suppress here
	_ = remote

	/* want `malformed etcdlint:ignore directive: name the rule and give a reason` */ //etcdlint:ignore
	_ = remote

	//etcdlint:ignore EC3706 a 3.7 rule that does not apply to this 3.1 code under a 3.6 target is not checked
	_ = remote

	//etcdlint:ignorefoo is not a directive
}
