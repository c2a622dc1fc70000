// Command inventory keeps a host inventory in etcd: each host registers
// itself under a lease and the command lists the hosts still alive.
//
// It is written against the etcd v3.1 client (github.com/coreos/etcd).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/coreos/etcd/clientv3"
	"github.com/coreos/etcd/etcdserver/api/v3rpc/rpctypes"
	pb "github.com/coreos/etcd/etcdserver/etcdserverpb"
	"google.golang.org/grpc"
)

const prefix = "inventory/hosts/"

func main() {
	configFile := flag.String("config", "", "etcd client YAML config file")
	host := flag.String("register", "", "register this host name")
	flag.Parse()

	clientv3.SetLogger(log.New(os.Stderr, "etcd: ", log.LstdFlags))

	cli, err := connect(*configFile)
	if err == grpc.ErrClientConnTimeout {
		log.Fatal("etcd did not answer in time")
	}
	if err != nil {
		log.Fatal(err)
	}
	defer cli.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if *host != "" {
		if err := register(ctx, cli, *host); err != nil {
			log.Fatal(err)
		}
	}
	if err := list(ctx, cli); err != nil {
		log.Fatal(err)
	}
}

func connect(configFile string) (*clientv3.Client, error) {
	if configFile != "" {
		return clientv3.NewFromConfigFile(configFile)
	}
	return clientv3.New(clientv3.Config{
		Endpoints:   []string{"127.0.0.1:2379"},
		DialTimeout: 2 * time.Second,
	})
}

// register stores host under a 30-second lease.
func register(ctx context.Context, cli *clientv3.Client, host string) error {
	lease, err := cli.Grant(ctx, 30)
	if err != nil {
		return err
	}
	_, err = cli.Put(ctx, prefix+host, time.Now().UTC().Format(time.RFC3339), clientv3.WithLease(lease.ID))
	return err
}

// list prints every registered host and the time its lease has left.
func list(ctx context.Context, cli *clientv3.Client) error {
	kv := clientv3.NewKVFromKVClient(pb.NewKVClient(cli.ActiveConnection()))
	resp, err := kv.Get(ctx, prefix, clientv3.WithPrefix())
	if err != nil {
		return err
	}
	for _, kv := range resp.Kvs {
		ttl, err := cli.TimeToLive(ctx, clientv3.LeaseID(kv.Lease))
		if err == rpctypes.ErrLeaseNotFound {
			fmt.Printf("%s\texpired\n", kv.Key[len(prefix):])
			continue
		}
		if err != nil {
			return err
		}
		fmt.Printf("%s\t%ds left\n", kv.Key[len(prefix):], ttl.TTL)
	}
	return nil
}
