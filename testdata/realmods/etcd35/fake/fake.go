// Package fake provides an in-memory etcd KV for tests.
package fake

import (
	"context"
	"sync"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// KV is an in-memory clientv3.KV.
type KV struct {
	mu sync.Mutex
	m  map[string]string
}

var _ clientv3.KV = (*KV)(nil)

// NewKV returns an empty KV.
func NewKV() *KV { return &KV{m: map[string]string{}} }

// Put stores val under key.
func (k *KV) Put(ctx context.Context, key, val string, opts ...clientv3.OpOption) (*clientv3.PutResponse, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[key] = val
	return &clientv3.PutResponse{}, nil
}

// Get returns the value under key.
func (k *KV) Get(ctx context.Context, key string, opts ...clientv3.OpOption) (*clientv3.GetResponse, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	resp := &clientv3.GetResponse{}
	if v, ok := k.m[key]; ok {
		resp.Kvs = []*mvccpb.KeyValue{{Key: []byte(key), Value: []byte(v)}}
		resp.Count = 1
	}
	return resp, nil
}

// Delete removes key.
func (k *KV) Delete(ctx context.Context, key string, opts ...clientv3.OpOption) (*clientv3.DeleteResponse, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, key)
	return &clientv3.DeleteResponse{}, nil
}

// Compact does nothing.
func (k *KV) Compact(ctx context.Context, rev int64, opts ...clientv3.CompactOption) (*clientv3.CompactResponse, error) {
	return &clientv3.CompactResponse{}, nil
}

// Do is not supported.
func (k *KV) Do(ctx context.Context, op clientv3.Op) (clientv3.OpResponse, error) {
	return clientv3.OpResponse{}, nil
}

// Txn is not supported.
func (k *KV) Txn(ctx context.Context) clientv3.Txn { return nil }

// Guard returns the comparison a transaction on key would use.
func Guard(key string) *pb.Compare {
	c := pb.Compare(clientv3.Compare(clientv3.Version(key), "=", 0))
	return &c
}
