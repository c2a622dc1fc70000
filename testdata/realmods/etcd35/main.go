// Command etcd35client watches a key and backs the cluster up when it
// changes, through an etcd v3.5 client.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"go.etcd.io/etcd/api/v3/mvccpb"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
)

func main() {
	cli, err := clientv3.New(clientv3.Config{
		Endpoints:   []string{"127.0.0.1:2379"},
		DialTimeout: 2 * time.Second,
		DialOptions: []grpc.DialOption{grpc.WithBlock()},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer cli.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := cli.Put(ctx, "config/mode", "active"); errors.Is(err, rpctypes.ErrGPRCNotSupportedForLearner) {
		log.Fatal("connected to a learner")
	}
	for wr := range cli.Watch(ctx, "config/", clientv3.WithPrefix()) {
		fmt.Println("revision", wr.Header.Revision)
		for _, ev := range wr.Events {
			if ev.Type == mvccpb.PUT {
				fmt.Println("changed:", string(ev.Kv.Key))
			}
		}
	}
}
