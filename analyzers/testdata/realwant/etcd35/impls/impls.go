// Package impls holds custom implementations of etcd 3.5 client
// interfaces that 3.6 and 3.7 change, converted to the interface in
// every way Go code can.
package impls

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
)

type mockCluster struct{} // want `type mockCluster implements clientv3.Cluster but lacks MemberList\(ctx, opts ...OpOption\), which clientv3.Cluster has from etcd 3.6`

func (mockCluster) MemberList(context.Context) (*clientv3.MemberListResponse, error) {
	return nil, nil
}
func (mockCluster) MemberAdd(context.Context, []string) (*clientv3.MemberAddResponse, error) {
	return nil, nil
}
func (mockCluster) MemberAddAsLearner(context.Context, []string) (*clientv3.MemberAddResponse, error) {
	return nil, nil
}
func (mockCluster) MemberRemove(context.Context, uint64) (*clientv3.MemberRemoveResponse, error) {
	return nil, nil
}
func (mockCluster) MemberUpdate(context.Context, uint64, []string) (*clientv3.MemberUpdateResponse, error) {
	return nil, nil
}
func (mockCluster) MemberPromote(context.Context, uint64) (*clientv3.MemberPromoteResponse, error) {
	return nil, nil
}

type fakeKV struct{} // want `type fakeKV implements clientv3.KV but lacks GetStream, which clientv3.KV has from etcd 3.7`

func (fakeKV) Put(context.Context, string, string, ...clientv3.OpOption) (*clientv3.PutResponse, error) {
	return nil, nil
}
func (fakeKV) Get(context.Context, string, ...clientv3.OpOption) (*clientv3.GetResponse, error) {
	return nil, nil
}
func (fakeKV) Delete(context.Context, string, ...clientv3.OpOption) (*clientv3.DeleteResponse, error) {
	return nil, nil
}
func (fakeKV) Compact(context.Context, int64, ...clientv3.CompactOption) (*clientv3.CompactResponse, error) {
	return nil, nil
}
func (fakeKV) Do(context.Context, clientv3.Op) (clientv3.OpResponse, error) {
	return clientv3.OpResponse{}, nil
}
func (fakeKV) Txn(context.Context) clientv3.Txn { return nil }

// embedded types inherit the new methods: no finding.
type (
	wrappedKV      struct{ clientv3.KV }
	wrappedCluster struct{ clientv3.Cluster }
	withClient     struct{ *clientv3.Client }
)

var defaultKV clientv3.KV = fakeKV{} // want `fakeKV no longer implements clientv3.KV: the interface gains GetStream in etcd 3.7`

type deps struct {
	kv      clientv3.KV
	cluster clientv3.Cluster
}

func newDeps(kv clientv3.KV, c clientv3.Cluster) deps { return deps{kv, c} }

func conversions(cli *clientv3.Client) (clientv3.KV, clientv3.Cluster) {
	var c clientv3.Cluster = mockCluster{} // want `mockCluster no longer implements clientv3.Cluster: MemberList changes its signature in etcd 3.6`
	c = &mockCluster{}                     // want `\*mockCluster no longer implements clientv3.Cluster`
	_ = newDeps(fakeKV{}, mockCluster{})   // want `fakeKV no longer implements clientv3.KV` `mockCluster no longer implements clientv3.Cluster`
	_ = deps{kv: &fakeKV{}}                // want `\*fakeKV no longer implements clientv3.KV`
	var kv clientv3.KV = cli
	if _, ok := kv.(fakeKV); ok { // want `fakeKV no longer implements clientv3.KV`
	}
	kv = wrappedKV{}
	c = wrappedCluster{}
	c = withClient{cli}
	kv = withClient{cli}
	_, _ = kv, c
	return fakeKV{}, mockCluster{} // want `fakeKV no longer implements clientv3.KV` `mockCluster no longer implements clientv3.Cluster`
}
