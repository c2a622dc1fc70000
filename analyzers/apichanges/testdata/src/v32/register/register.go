// Package register serves a custom Maintenance gRPC server, which 3.3
// extends with HashKV and MoveLeader, and sets an embed.Config field whose
// type 3.3 changes.
package register

import (
	"context"

	"github.com/coreos/etcd/embed"
	pb "github.com/coreos/etcd/etcdserver/etcdserverpb"
	"google.golang.org/grpc"
)

type maintenance struct{}

func (*maintenance) Status(context.Context, *pb.StatusRequest) (*pb.StatusResponse, error) {
	return &pb.StatusResponse{}, nil
}

func serve(cfg *embed.Config) *grpc.Server {
	cfg.AutoCompactionRetention = 1 // want `field embed.Config.AutoCompactionRetention changes from int to string in etcd 3.3`
	s := grpc.NewServer()
	pb.RegisterMaintenanceServer(s, &maintenance{}) // want `\*maintenance no longer implements etcdserverpb.MaintenanceServer: the interface gains HashKV, MoveLeader in etcd 3.3`
	return s
}
