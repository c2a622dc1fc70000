package watcher

import (
	"github.com/coreos/etcd/clientv3"
	"golang.org/x/net/context"
)

type fakeWatcher struct{} // want `type fakeWatcher implements clientv3.Watcher but lacks RequestProgress, which clientv3.Watcher has from etcd 3.4`

func (fakeWatcher) Watch(ctx context.Context, key string, opts ...clientv3.OpOption) clientv3.WatchChan {
	return nil
}
func (fakeWatcher) Close() error { return nil }

type oldLease struct{} // want `type oldLease implements clientv3.Lease but lacks TimeToLive, which clientv3.Lease has from etcd 3.1` `type oldLease implements clientv3.Lease but lacks Leases, which clientv3.Lease has from etcd 3.3`

func (oldLease) Grant(ctx context.Context, ttl int64) (*clientv3.LeaseGrantResponse, error) {
	return nil, nil
}
func (oldLease) Revoke(ctx context.Context, id clientv3.LeaseID) (*clientv3.LeaseRevokeResponse, error) {
	return nil, nil
}
func (oldLease) KeepAlive(ctx context.Context, id clientv3.LeaseID) (<-chan *clientv3.LeaseKeepAliveResponse, error) {
	return nil, nil
}
func (oldLease) KeepAliveOnce(ctx context.Context, id clientv3.LeaseID) (*clientv3.LeaseKeepAliveResponse, error) {
	return nil, nil
}
func (oldLease) Close() error { return nil }
