// Command etcd36client reads and writes a key with an etcd 3.6 client and
// serves a fake KV for its tests.
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"example.com/etcd36client/fake"
	"example.com/etcd36client/server"
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
)

func main() {
	cli, err := clientv3.New(clientv3.Config{Endpoints: []string{"127.0.0.1:2379"}, DialTimeout: 5 * time.Second})
	if err != nil {
		log.Fatal(err)
	}
	defer cli.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	kv := fake.AsKV(fake.Real{Client: cli})
	if _, err := kv.Put(ctx, "k", "v"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(fake.New().KV != nil, fake.NewKV() != nil)
	g := grpc.NewServer()
	server.Register(g, &server.KV{})
}
