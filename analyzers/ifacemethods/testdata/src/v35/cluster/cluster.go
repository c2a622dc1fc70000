package cluster

import (
	"context"
	"io"

	clientv3 "go.etcd.io/etcd/client/v3"
)

type mockCluster struct{} // want `type mockCluster implements clientv3.Cluster but lacks MemberList\(ctx, opts ...OpOption\), which clientv3.Cluster has from etcd 3.6`

func (mockCluster) MemberList(ctx context.Context) (*clientv3.MemberListResponse, error) {
	return nil, nil
}
func (mockCluster) MemberAdd(ctx context.Context, peerAddrs []string) (*clientv3.MemberAddResponse, error) {
	return nil, nil
}
func (mockCluster) MemberAddAsLearner(ctx context.Context, peerAddrs []string) (*clientv3.MemberAddResponse, error) {
	return nil, nil
}
func (mockCluster) MemberRemove(ctx context.Context, id uint64) (*clientv3.MemberRemoveResponse, error) {
	return nil, nil
}
func (mockCluster) MemberUpdate(ctx context.Context, id uint64, peerAddrs []string) (*clientv3.MemberUpdateResponse, error) {
	return nil, nil
}
func (mockCluster) MemberPromote(ctx context.Context, id uint64) (*clientv3.MemberPromoteResponse, error) {
	return nil, nil
}

type mockMaintenance struct{} // want `type mockMaintenance implements clientv3.Maintenance but lacks Downgrade and SnapshotWithVersion, which clientv3.Maintenance has from etcd 3.6`

func (*mockMaintenance) AlarmList(ctx context.Context) (*clientv3.AlarmResponse, error) {
	return nil, nil
}
func (*mockMaintenance) AlarmDisarm(ctx context.Context, m *clientv3.AlarmMember) (*clientv3.AlarmResponse, error) {
	return nil, nil
}
func (*mockMaintenance) Defragment(ctx context.Context, endpoint string) (*clientv3.DefragmentResponse, error) {
	return nil, nil
}
func (*mockMaintenance) Status(ctx context.Context, endpoint string) (*clientv3.StatusResponse, error) {
	return nil, nil
}
func (*mockMaintenance) HashKV(ctx context.Context, endpoint string, rev int64) (*clientv3.HashKVResponse, error) {
	return nil, nil
}
func (*mockMaintenance) Snapshot(ctx context.Context) (io.ReadCloser, error) { return nil, nil }
func (*mockMaintenance) MoveLeader(ctx context.Context, transfereeID uint64) (*clientv3.MoveLeaderResponse, error) {
	return nil, nil
}

// store has methods named like clientv3.KV but no etcd types: no finding.
type store struct{}

func (store) Put(key, val string) error      { return nil }
func (store) Get(key string) (string, error) { return "", nil }
func (store) Delete(key string) error        { return nil }
func (store) Compact(rev int64) error        { return nil }
func (store) Do(op string) error             { return nil }
func (store) Txn(ctx context.Context) error  { return nil }
