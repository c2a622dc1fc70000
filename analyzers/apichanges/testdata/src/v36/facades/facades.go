// Package facades converts an in-memory key-value store, written to etcd
// 3.6's clientv3.KV, to that interface and to the package's own
// interfaces that embed it: each conversion stops compiling once 3.7 adds
// KV.GetStream.
package facades

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// store has every method of 3.6's clientv3.KV.
type store struct{}

func (*store) Put(ctx context.Context, key, val string, opts ...clientv3.OpOption) (*clientv3.PutResponse, error) {
	return nil, nil
}
func (*store) Get(ctx context.Context, key string, opts ...clientv3.OpOption) (*clientv3.GetResponse, error) {
	return nil, nil
}
func (*store) Delete(ctx context.Context, key string, opts ...clientv3.OpOption) (*clientv3.DeleteResponse, error) {
	return nil, nil
}
func (*store) Compact(ctx context.Context, rev int64, opts ...clientv3.CompactOption) (*clientv3.CompactResponse, error) {
	return nil, nil
}
func (*store) Do(ctx context.Context, op clientv3.Op) (clientv3.OpResponse, error) {
	return clientv3.OpResponse{}, nil
}
func (*store) Txn(ctx context.Context) clientv3.Txn { return nil }
func (*store) Watch(ctx context.Context, key string, opts ...clientv3.OpOption) clientv3.WatchChan {
	return nil
}
func (*store) RequestProgress(ctx context.Context) error { return nil }
func (*store) Close() error                              { return nil }

// kvWatcher is the subset of the client a caller needs.
type kvWatcher interface {
	clientv3.KV
	clientv3.Watcher
}

// nested embeds the facade in turn.
type nested interface {
	kvWatcher
}

// watchOnly embeds no interface that gains a method.
type watchOnly interface {
	clientv3.Watcher
}

// backend holds the facade.
type backend struct {
	kv kvWatcher
	w  watchOnly
}

// full inherits the new methods from the embedded client.
type full struct {
	clientv3.KV
	clientv3.Watcher
}

func open(kv kvWatcher) *backend { return &backend{kv: kv} }

func wire() (clientv3.KV, nested) {
	s := &store{}
	b := &backend{
		kv: s, // want `\*store no longer implements kvWatcher \(it embeds clientv3.KV\): the interface gains GetStream in etcd 3.7`
		w:  s, // a watcher still
	}
	open(s)                      // want `\*store no longer implements kvWatcher`
	var kv clientv3.KV = s       // want `\*store no longer implements clientv3.KV: the interface gains GetStream`
	var n nested = &full{}       // inherits GetStream through clientv3.KV
	b.kv = s                     // want `\*store no longer implements kvWatcher`
	_ = kvWatcher(s)             // want `\*store no longer implements kvWatcher`
	if _, ok := n.(*store); ok { // want `\*store no longer implements nested \(it embeds clientv3.KV\)`
		return kv, n
	}
	return s, n // want `\*store no longer implements clientv3.KV`
}
