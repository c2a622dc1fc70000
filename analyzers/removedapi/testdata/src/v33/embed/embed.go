package embed

import (
	"net/url"

	"github.com/coreos/etcd/embed"
	pb "github.com/coreos/etcd/etcdserver/etcdserverpb"
)

func config(u url.URL) *embed.Config {
	cfg := embed.NewConfig()
	cfg.SnapCount = 10000         // want `field embed.Config.SnapCount is renamed SnapshotCount in etcd 3.4 \(from 3.0.0, target 3.7.\d+\): rename it`
	cfg.LPUrls = []url.URL{u}     // want `field embed.Config.LPUrls is renamed ListenPeerUrls in etcd 3.4.25`
	cfg.LCUrls = []url.URL{u}     // want `field embed.Config.LCUrls is renamed ListenClientUrls in etcd 3.4.25`
	cfg.SetupLogging()            // want `method embed.Config.SetupLogging is removed in etcd 3.4 .*: delete the call`
	cfg.CorsInfo = nil            // want `field embed.Config.CorsInfo is removed in etcd 3.4`
	cfg.LogOutput = "stderr"      // want `field embed.Config.LogOutput is removed in etcd 3.4 .*: set LogOutputs \[\]string instead`
	cfg.Debug = true              // want `field embed.Config.Debug is removed in etcd 3.5`
	cfg.EnableV2 = true           // want `field embed.Config.EnableV2 is removed in etcd 3.6`
	cfg.Name = "SnapCount LPUrls" // strings and other fields: no finding
	return cfg
}

func revoke() *pb.AuthRoleRevokePermissionRequest {
	return &pb.AuthRoleRevokePermissionRequest{Role: "r", Key: "k"} // want `field etcdserverpb.AuthRoleRevokePermissionRequest.Key changes type in etcd 3.4`
}
