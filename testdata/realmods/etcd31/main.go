// Command etcd31client writes and reads a key through an etcd v3.1 client,
// the way applications written against github.com/coreos/etcd v3.1 did.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/coreos/etcd/clientv3"
	"google.golang.org/grpc"

	"example.com/etcd31client/store"
)

func main() {
	clientv3.SetLogger(log.New(os.Stderr, "etcd: ", log.LstdFlags))

	cli, err := clientv3.New(clientv3.Config{
		Endpoints:   []string{"127.0.0.1:2379"},
		DialTimeout: 2 * time.Second,
	})
	if err == grpc.ErrClientConnTimeout {
		log.Fatal("etcd is not reachable")
	}
	if err != nil {
		log.Fatal(err)
	}
	defer cli.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s := store.New(cli)
	if err := s.Put(ctx, "greeting", "hello"); err != nil {
		log.Fatal(err)
	}
	v, err := s.Get(ctx, "greeting")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v)
}
