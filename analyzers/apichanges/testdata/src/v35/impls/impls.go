// Package impls holds custom implementations of clientv3.Maintenance,
// which gains Downgrade and SnapshotWithVersion in 3.6, converted to the
// interface in every way Go code can.
package impls

import (
	"context"
	"io"

	clientv3 "go.etcd.io/etcd/client/v3"
)

type fake struct{}

func (fake) AlarmList(context.Context) (*clientv3.AlarmResponse, error) { return nil, nil }
func (fake) AlarmDisarm(context.Context, *clientv3.AlarmMember) (*clientv3.AlarmResponse, error) {
	return nil, nil
}
func (fake) Defragment(context.Context, string) (*clientv3.DefragmentResponse, error) {
	return nil, nil
}
func (fake) Status(context.Context, string) (*clientv3.StatusResponse, error) { return nil, nil }
func (fake) HashKV(context.Context, string, int64) (*clientv3.HashKVResponse, error) {
	return nil, nil
}
func (fake) Snapshot(context.Context) (io.ReadCloser, error) { return nil, nil }
func (fake) MoveLeader(context.Context, uint64) (*clientv3.MoveLeaderResponse, error) {
	return nil, nil
}

// wrapped inherits every method, the new ones too.
type wrapped struct{ clientv3.Maintenance }

// withClient inherits them from the client.
type withClient struct{ *clientv3.Client }

type holder struct{ M clientv3.Maintenance }

var global clientv3.Maintenance = fake{} // want `fake no longer implements clientv3.Maintenance: the interface gains Downgrade, SnapshotWithVersion in etcd 3.6`

func use(clientv3.Maintenance) {}

func conversions(cli *clientv3.Client) clientv3.Maintenance {
	var m clientv3.Maintenance
	m = fake{}                         // want `fake no longer implements`
	use(&fake{})                       // want `\*fake no longer implements`
	_ = holder{M: fake{}}              // want `fake no longer implements`
	_ = []clientv3.Maintenance{fake{}} // want `fake no longer implements`
	if _, ok := m.(fake); ok {         // want `fake no longer implements`
	}
	switch m.(type) {
	case *fake: // want `\*fake no longer implements`
	case wrapped:
	}
	m = wrapped{}
	m = withClient{cli}
	use(cli)
	_ = m
	return fake{} // want `fake no longer implements`
}
