package lease

import (
	"github.com/coreos/etcd/clientv3"
	"golang.org/x/net/context"
)

type fakeLease struct{} // want `type fakeLease implements clientv3.Lease but lacks Leases, which clientv3.Lease has from etcd 3.3 \(from 3.0.0, target 3.7.\d+\): add the methods or embed clientv3.Lease`

func (fakeLease) Grant(ctx context.Context, ttl int64) (*clientv3.LeaseGrantResponse, error) {
	return nil, nil
}
func (fakeLease) Revoke(ctx context.Context, id clientv3.LeaseID) (*clientv3.LeaseRevokeResponse, error) {
	return nil, nil
}
func (fakeLease) TimeToLive(ctx context.Context, id clientv3.LeaseID, opts ...clientv3.LeaseOption) (*clientv3.LeaseTimeToLiveResponse, error) {
	return nil, nil
}
func (fakeLease) KeepAlive(ctx context.Context, id clientv3.LeaseID) (<-chan *clientv3.LeaseKeepAliveResponse, error) {
	return nil, nil
}
func (fakeLease) KeepAliveOnce(ctx context.Context, id clientv3.LeaseID) (*clientv3.LeaseKeepAliveResponse, error) {
	return nil, nil
}
func (fakeLease) Close() error { return nil }

// wrapped embeds the interface: new methods are inherited.
type wrapped struct{ clientv3.Lease }

func (wrapped) Close() error { return nil }
