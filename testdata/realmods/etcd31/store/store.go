// Package store keeps string values in etcd under a lease.
package store

import (
	"context"
	"errors"

	"github.com/coreos/etcd/clientv3"
	"github.com/coreos/etcd/etcdserver/api/v3rpc/rpctypes"
	pb "github.com/coreos/etcd/etcdserver/etcdserverpb"
)

// ErrExpired is returned for a lease that no longer exists.
var ErrExpired = errors.New("lease expired")

// Store reads and writes keys through the raw gRPC KV client.
type Store struct {
	cli *clientv3.Client
	kv  clientv3.KV
}

// New returns a Store using cli's connection.
func New(cli *clientv3.Client) *Store {
	kv := clientv3.NewKVFromKVClient(pb.NewKVClient(cli.ActiveConnection()))
	return &Store{cli: cli, kv: kv}
}

// Put writes key.
func (s *Store) Put(ctx context.Context, key, val string) error {
	_, err := s.kv.Put(ctx, key, val)
	return err
}

// Get reads key.
func (s *Store) Get(ctx context.Context, key string) (string, error) {
	resp, err := s.kv.Get(ctx, key)
	if err != nil {
		return "", err
	}
	if len(resp.Kvs) == 0 {
		return "", nil
	}
	return string(resp.Kvs[0].Value), nil
}

// Remaining returns the seconds left on a lease.
func (s *Store) Remaining(ctx context.Context, id clientv3.LeaseID) (int64, error) {
	resp, err := s.cli.TimeToLive(ctx, id)
	if err == rpctypes.ErrLeaseNotFound {
		return 0, ErrExpired
	}
	if err != nil {
		return 0, err
	}
	return resp.TTL, nil
}
