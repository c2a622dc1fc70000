// Command etcd3213client watches a key prefix through an etcd v3.2 client
// and stops cleanly when the connection closes.
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/coreos/etcd/clientv3"
	"github.com/coreos/etcd/mvcc/mvccpb"
	"google.golang.org/grpc"
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

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for wr := range cli.Watch(ctx, "jobs/", clientv3.WithPrefix()) {
		if err := wr.Err(); err != nil {
			if err == grpc.ErrClientConnClosing {
				return
			}
			log.Fatal(err)
		}
		for _, ev := range wr.Events {
			if ev.Type == mvccpb.DELETE {
				fmt.Println("done:", string(ev.Kv.Key))
			}
		}
	}
}
