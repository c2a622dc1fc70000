// Command etcd34client takes a distributed lock and counts the keys under
// a prefix through an etcd v3.4 client.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"go.etcd.io/etcd/clientv3"
	"go.etcd.io/etcd/clientv3/concurrency"
	"go.etcd.io/etcd/etcdserver/api/v3rpc/rpctypes"
	"go.etcd.io/etcd/mvcc/mvccpb"
)

func main() {
	cli, err := clientv3.New(clientv3.Config{
		Endpoints:   []string{"127.0.0.1:2379"},
		DialTimeout: 2 * time.Second,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer cli.Close()

	sess, err := concurrency.NewSession(cli, concurrency.WithTTL(10))
	if err != nil {
		log.Fatal(err)
	}
	defer sess.Close()
	mu := concurrency.NewMutex(sess, "/locks/counter")

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := mu.Lock(ctx); err != nil {
		log.Fatal(err)
	}
	defer mu.Unlock(context.Background())

	resp, err := cli.Get(ctx, "jobs/", clientv3.WithPrefix())
	if errors.Is(err, rpctypes.ErrPermissionDenied) {
		log.Fatal("not allowed to read jobs/")
	}
	if err != nil {
		log.Fatal(err)
	}
	var kvs []*mvccpb.KeyValue = resp.Kvs
	fmt.Println(len(kvs), "jobs")
}
