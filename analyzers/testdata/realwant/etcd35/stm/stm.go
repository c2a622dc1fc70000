// Package stm uses the etcd 3.5 concurrency package in ways 3.6 and 3.7
// keep compiling although the declarations change: option types that
// become exported or gain parameters are only passed on.
package stm

import (
	"context"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

// defaultTTL is a package-level initialiser of an option.
var defaultTTL concurrency.SessionOption = concurrency.WithTTL(10)

func transfer(ctx context.Context, cli *clientv3.Client) error {
	sess, err := concurrency.NewSession(cli, defaultTTL, concurrency.WithContext(ctx))
	if err != nil {
		return err
	}
	defer sess.Close()
	m := concurrency.NewMutex(sess, "/lock")
	if err := m.Lock(ctx); err != nil {
		return err
	}
	defer m.Unlock(ctx)
	_, err = concurrency.NewSTM(cli, func(s concurrency.STM) error {
		s.Put("b", s.Get("a"))
		return nil
	}, concurrency.WithIsolation(concurrency.Serializable), concurrency.WithAbortContext(ctx))
	return err
}
