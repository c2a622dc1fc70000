package a

import (
	"errors"

	"github.com/coreos/etcd/clientv3"
	"github.com/coreos/etcd/etcdserver/api/v3rpc/rpctypes"
	"github.com/coreos/etcd/lease"
	"golang.org/x/net/context"
)

func alive(ctx context.Context, cli *clientv3.Client, id clientv3.LeaseID) bool {
	resp, err := cli.TimeToLive(ctx, id)
	if err == rpctypes.ErrLeaseNotFound { // want `TimeToLive reports an unknown lease as TTL -1 with no error from etcd 3.2 servers, never ErrLeaseNotFound \(from 3.0.0, target 3.7.\d+\): check resp.TTL == -1`
		return false
	}
	if errors.Is(err, lease.ErrLeaseNotFound) { // want `TimeToLive reports an unknown lease`
		return false
	}
	switch err {
	case rpctypes.ErrGRPCLeaseNotFound: // want `TimeToLive reports an unknown lease`
		return false
	}
	return resp.TTL > 0
}

func grant(ctx context.Context, cli *clientv3.Client) bool {
	// Not a TimeToLive result: no finding.
	_, err := cli.Grant(ctx, 10)
	return err == rpctypes.ErrLeaseNotFound
}

func migrated(ctx context.Context, l clientv3.Lease, id clientv3.LeaseID) bool {
	resp, err := l.TimeToLive(ctx, id)
	return err == nil && resp.TTL == -1
}
