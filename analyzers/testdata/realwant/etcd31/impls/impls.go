// Package impls holds custom implementations of the etcd 3.1 Lease and
// Watcher interfaces, which 3.3 extends, converted to the interface in
// every way Go code can.
package impls

import (
	"github.com/coreos/etcd/clientv3" // want `package github.com/coreos/etcd/clientv3 moved to go.etcd.io/etcd/clientv3 in etcd 3.4, then moved to go.etcd.io/etcd/client/v3 in etcd 3.5`
	"golang.org/x/net/context"        // want `clientv3 takes the standard context from etcd 3.3`
)

type fakeLease struct{} // want `type fakeLease implements clientv3.Lease but lacks Leases, which clientv3.Lease has from etcd 3.3`

func (fakeLease) Grant(context.Context, int64) (*clientv3.LeaseGrantResponse, error) {
	return nil, nil
}
func (fakeLease) Revoke(context.Context, clientv3.LeaseID) (*clientv3.LeaseRevokeResponse, error) {
	return nil, nil
}
func (fakeLease) TimeToLive(context.Context, clientv3.LeaseID, ...clientv3.LeaseOption) (*clientv3.LeaseTimeToLiveResponse, error) {
	return nil, nil
}
func (fakeLease) KeepAlive(context.Context, clientv3.LeaseID) (<-chan *clientv3.LeaseKeepAliveResponse, error) {
	return nil, nil
}
func (fakeLease) KeepAliveOnce(context.Context, clientv3.LeaseID) (*clientv3.LeaseKeepAliveResponse, error) {
	return nil, nil
}
func (fakeLease) Close() error { return nil }

type fakeWatcher struct{} // want `type fakeWatcher implements clientv3.Watcher but lacks RequestProgress, which clientv3.Watcher has from etcd 3.4`

func (fakeWatcher) Watch(context.Context, string, ...clientv3.OpOption) clientv3.WatchChan {
	return nil
}
func (fakeWatcher) Close() error { return nil }

// Embedding the interfaces or the client inherits the new methods.
type (
	wrappedLease   struct{ clientv3.Lease }
	wrappedWatcher struct{ clientv3.Watcher }
	withClient     struct{ *clientv3.Client }
)

type deps struct {
	lease   clientv3.Lease
	watcher clientv3.Watcher
}

var defaultLease clientv3.Lease = fakeLease{} // want `fakeLease no longer implements clientv3.Lease: the interface gains Leases in etcd 3.3`

func watch(w clientv3.Watcher) {}

func conversions(cli *clientv3.Client) (clientv3.Lease, clientv3.Watcher) {
	var l clientv3.Lease
	l = &fakeLease{}                                      // want `\*fakeLease no longer implements clientv3.Lease`
	watch(fakeWatcher{})                                  // want `fakeWatcher no longer implements clientv3.Watcher: the interface gains RequestProgress in etcd 3.3.15`
	_ = deps{lease: fakeLease{}, watcher: &fakeWatcher{}} // want `fakeLease no longer implements clientv3.Lease` `\*fakeWatcher no longer implements clientv3.Watcher`
	_ = []clientv3.Watcher{fakeWatcher{}}                 // want `fakeWatcher no longer implements clientv3.Watcher`
	if _, ok := l.(*fakeLease); ok {                      // want `\*fakeLease no longer implements clientv3.Lease`
	}
	l = wrappedLease{}
	l = withClient{cli}
	watch(wrappedWatcher{})
	watch(withClient{cli})
	watch(cli)
	_ = l
	return fakeLease{}, fakeWatcher{} // want `fakeLease no longer implements clientv3.Lease` `fakeWatcher no longer implements clientv3.Watcher`
}
