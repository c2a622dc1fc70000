// Package impls holds custom implementations of etcd 3.4 client
// interfaces that later releases extend, converted to the interface in
// every way Go code can, next to wrappers that inherit the new methods.
package impls

import (
	"context"
	"io"

	"go.etcd.io/etcd/clientv3" // want `package go.etcd.io/etcd/clientv3 moved to go.etcd.io/etcd/client/v3 in etcd 3.5`
)

type fakeMaintenance struct{} // want `type fakeMaintenance implements clientv3.Maintenance but lacks Downgrade and SnapshotWithVersion, which clientv3.Maintenance has from etcd 3.6`

func (fakeMaintenance) AlarmList(context.Context) (*clientv3.AlarmResponse, error) { return nil, nil }
func (fakeMaintenance) AlarmDisarm(context.Context, *clientv3.AlarmMember) (*clientv3.AlarmResponse, error) {
	return nil, nil
}
func (fakeMaintenance) Defragment(context.Context, string) (*clientv3.DefragmentResponse, error) {
	return nil, nil
}
func (fakeMaintenance) Status(context.Context, string) (*clientv3.StatusResponse, error) {
	return nil, nil
}
func (fakeMaintenance) HashKV(context.Context, string, int64) (*clientv3.HashKVResponse, error) {
	return nil, nil
}
func (fakeMaintenance) Snapshot(context.Context) (io.ReadCloser, error) { return nil, nil }
func (fakeMaintenance) MoveLeader(context.Context, uint64) (*clientv3.MoveLeaderResponse, error) {
	return nil, nil
}

// logged overrides one method of an embedded Maintenance: no finding.
type logged struct{ clientv3.Maintenance }

func (l logged) Status(ctx context.Context, ep string) (*clientv3.StatusResponse, error) {
	return l.Maintenance.Status(ctx, ep)
}

// withClient inherits the methods from the client: no finding.
type withClient struct{ *clientv3.Client }

// nested embeds a wrapper: no finding.
type nested struct{ withClient }

type holder struct{ M clientv3.Maintenance }

var global clientv3.Maintenance = fakeMaintenance{} // want `fakeMaintenance no longer implements clientv3.Maintenance: the interface gains Downgrade, SnapshotWithVersion in etcd 3.6`

func use(clientv3.Maintenance) {}

func conversions(cli *clientv3.Client) clientv3.Maintenance {
	var m clientv3.Maintenance
	m = fakeMaintenance{}                                        // want `fakeMaintenance no longer implements clientv3.Maintenance`
	use(&fakeMaintenance{})                                      // want `\*fakeMaintenance no longer implements clientv3.Maintenance`
	_ = holder{M: fakeMaintenance{}}                             // want `fakeMaintenance no longer implements clientv3.Maintenance`
	_ = holder{fakeMaintenance{}}                                // want `fakeMaintenance no longer implements clientv3.Maintenance`
	_ = []clientv3.Maintenance{fakeMaintenance{}}                // want `fakeMaintenance no longer implements clientv3.Maintenance`
	_ = map[string]clientv3.Maintenance{"a": &fakeMaintenance{}} // want `\*fakeMaintenance no longer implements clientv3.Maintenance`
	_ = clientv3.Maintenance(fakeMaintenance{})                  // want `fakeMaintenance no longer implements clientv3.Maintenance`
	if _, ok := m.(*fakeMaintenance); ok {                       // want `\*fakeMaintenance no longer implements clientv3.Maintenance`
	}
	switch m.(type) {
	case fakeMaintenance: // want `fakeMaintenance no longer implements clientv3.Maintenance`
	}
	m = logged{}
	m = withClient{cli}
	m = nested{}
	use(cli)
	use(cli.Maintenance)
	_ = m
	return fakeMaintenance{} // want `fakeMaintenance no longer implements clientv3.Maintenance`
}
