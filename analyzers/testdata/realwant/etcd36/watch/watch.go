// Package watch reads etcd 3.6 watch responses, comparisons and events in
// the ways 3.7 changes.
package watch

import (
	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// Last remembers the header of the newest watch response.
type Last struct {
	Header pb.ResponseHeader
}

// Observe records resp's header by value.
func (l *Last) Observe(resp clientv3.WatchResponse) {
	l.Header = resp.Header // want `clientv3.WatchResponse.Header is a \*pb.ResponseHeader from etcd 3.7`
	_ = resp.Header.Revision
}

func compare(cmp clientv3.Cmp) []byte {
	c := pb.Compare(cmp) // want `clientv3.Cmp is a struct wrapping \*pb.Compare from etcd 3.7: the conversion no longer compiles`
	_ = &c
	return cmp.Key // want `clientv3.Cmp has no field Key from etcd 3.7`
}

func puts(evs []*clientv3.Event) int {
	n := 0
	for _, ev := range evs {
		if ev.Type == mvccpb.PUT { // want `const mvccpb.PUT is renamed Event_PUT in etcd 3.7`
			n++
		}
	}
	return n
}

func kinds(v any) string {
	switch v.(type) {
	case *clientv3.Event:
		return "client"
	case *mvccpb.Event: // want `clientv3.Event is an alias of mvccpb.Event from etcd 3.7: this case duplicates the clientv3.Event one`
		return "mvcc"
	}
	return ""
}
