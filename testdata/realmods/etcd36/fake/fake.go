// Package fake holds in-memory fakes of the etcd client interfaces for
// unit tests of code that takes a clientv3.KV, Lease, Watcher, Cluster,
// Maintenance or Auth.
package fake

import (
	"context"
	"errors"
	"io"

	clientv3 "go.etcd.io/etcd/client/v3"
)

var errFake = errors.New("fake: not implemented")

// KV is a fake clientv3.KV.
type KV struct{ puts []string }

func (k *KV) Put(ctx context.Context, key, val string, opts ...clientv3.OpOption) (*clientv3.PutResponse, error) {
	k.puts = append(k.puts, key)
	return &clientv3.PutResponse{}, nil
}
func (k *KV) Get(ctx context.Context, key string, opts ...clientv3.OpOption) (*clientv3.GetResponse, error) {
	return &clientv3.GetResponse{}, nil
}
func (k *KV) Delete(ctx context.Context, key string, opts ...clientv3.OpOption) (*clientv3.DeleteResponse, error) {
	return &clientv3.DeleteResponse{}, nil
}
func (k *KV) Compact(ctx context.Context, rev int64, opts ...clientv3.CompactOption) (*clientv3.CompactResponse, error) {
	return &clientv3.CompactResponse{}, nil
}
func (k *KV) Do(ctx context.Context, op clientv3.Op) (clientv3.OpResponse, error) {
	return clientv3.OpResponse{}, errFake
}
func (k *KV) Txn(ctx context.Context) clientv3.Txn { return nil }

// Lease is a fake clientv3.Lease.
type Lease struct{}

func (Lease) Grant(ctx context.Context, ttl int64) (*clientv3.LeaseGrantResponse, error) {
	return &clientv3.LeaseGrantResponse{TTL: ttl}, nil
}
func (Lease) Revoke(ctx context.Context, id clientv3.LeaseID) (*clientv3.LeaseRevokeResponse, error) {
	return &clientv3.LeaseRevokeResponse{}, nil
}
func (Lease) TimeToLive(ctx context.Context, id clientv3.LeaseID, opts ...clientv3.LeaseOption) (*clientv3.LeaseTimeToLiveResponse, error) {
	return &clientv3.LeaseTimeToLiveResponse{TTL: -1}, nil
}
func (Lease) Leases(ctx context.Context) (*clientv3.LeaseLeasesResponse, error) {
	return &clientv3.LeaseLeasesResponse{}, nil
}
func (Lease) KeepAlive(ctx context.Context, id clientv3.LeaseID) (<-chan *clientv3.LeaseKeepAliveResponse, error) {
	return nil, errFake
}
func (Lease) KeepAliveOnce(ctx context.Context, id clientv3.LeaseID) (*clientv3.LeaseKeepAliveResponse, error) {
	return nil, errFake
}
func (Lease) Close() error { return nil }

// Watcher is a fake clientv3.Watcher.
type Watcher struct{ ch chan clientv3.WatchResponse }

func (w *Watcher) Watch(ctx context.Context, key string, opts ...clientv3.OpOption) clientv3.WatchChan {
	return w.ch
}
func (w *Watcher) RequestProgress(ctx context.Context) error { return nil }
func (w *Watcher) Close() error                              { return nil }

// Cluster is a fake clientv3.Cluster.
type Cluster struct{}

func (Cluster) MemberList(ctx context.Context, opts ...clientv3.OpOption) (*clientv3.MemberListResponse, error) {
	return &clientv3.MemberListResponse{}, nil
}
func (Cluster) MemberAdd(ctx context.Context, peerAddrs []string) (*clientv3.MemberAddResponse, error) {
	return nil, errFake
}
func (Cluster) MemberAddAsLearner(ctx context.Context, peerAddrs []string) (*clientv3.MemberAddResponse, error) {
	return nil, errFake
}
func (Cluster) MemberRemove(ctx context.Context, id uint64) (*clientv3.MemberRemoveResponse, error) {
	return nil, errFake
}
func (Cluster) MemberUpdate(ctx context.Context, id uint64, peerAddrs []string) (*clientv3.MemberUpdateResponse, error) {
	return nil, errFake
}
func (Cluster) MemberPromote(ctx context.Context, id uint64) (*clientv3.MemberPromoteResponse, error) {
	return nil, errFake
}

// Maintenance is a fake clientv3.Maintenance.
type Maintenance struct{}

func (Maintenance) AlarmList(ctx context.Context) (*clientv3.AlarmResponse, error) {
	return &clientv3.AlarmResponse{}, nil
}
func (Maintenance) AlarmDisarm(ctx context.Context, m *clientv3.AlarmMember) (*clientv3.AlarmResponse, error) {
	return &clientv3.AlarmResponse{}, nil
}
func (Maintenance) Defragment(ctx context.Context, endpoint string) (*clientv3.DefragmentResponse, error) {
	return &clientv3.DefragmentResponse{}, nil
}
func (Maintenance) Status(ctx context.Context, endpoint string) (*clientv3.StatusResponse, error) {
	return &clientv3.StatusResponse{}, nil
}
func (Maintenance) HashKV(ctx context.Context, endpoint string, rev int64) (*clientv3.HashKVResponse, error) {
	return &clientv3.HashKVResponse{}, nil
}
func (Maintenance) SnapshotWithVersion(ctx context.Context) (*clientv3.SnapshotResponse, error) {
	return nil, errFake
}
func (Maintenance) Snapshot(ctx context.Context) (io.ReadCloser, error) { return nil, errFake }
func (Maintenance) MoveLeader(ctx context.Context, transfereeID uint64) (*clientv3.MoveLeaderResponse, error) {
	return nil, errFake
}
func (Maintenance) Downgrade(ctx context.Context, action clientv3.DowngradeAction, version string) (*clientv3.DowngradeResponse, error) {
	return nil, errFake
}

// Clients bundles the interfaces code under test takes.
type Clients struct {
	KV          clientv3.KV
	Lease       clientv3.Lease
	Watcher     clientv3.Watcher
	Cluster     clientv3.Cluster
	Maintenance clientv3.Maintenance
}

// New returns fakes of every interface, converted in a composite literal.
func New() Clients {
	return Clients{
		KV:          &KV{},
		Lease:       Lease{},
		Watcher:     &Watcher{ch: make(chan clientv3.WatchResponse)},
		Cluster:     Cluster{},
		Maintenance: Maintenance{},
	}
}

// NewKV returns the fake KV as a clientv3.KV, converted in a return.
func NewKV() clientv3.KV {
	return &KV{}
}

// Real embeds a real client: it has every method of the target's KV.
type Real struct {
	*clientv3.Client
}

// AsKV uses the embedding client as a KV.
func AsKV(r Real) clientv3.KV { return r }
