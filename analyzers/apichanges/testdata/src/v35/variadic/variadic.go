// Package variadic calls Cluster.MemberList, which gains a variadic
// opts ...OpOption parameter in etcd 3.6: a call with the old arguments
// still compiles, a method value of the old function type does not.
package variadic

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
)

func members(ctx context.Context, c clientv3.Cluster) (int, error) {
	resp, err := c.MemberList(ctx)
	if err != nil {
		return 0, err
	}
	var list func(context.Context) (*clientv3.MemberListResponse, error) = c.MemberList // want `imethod clientv3.Cluster.MemberList changes from func\(context.Context\) \(\*MemberListResponse, error\) to func\(context.Context, ...OpOption\)`
	_ = list
	return len(resp.Members), nil
}
