// Command embed33 runs a single etcd 3.3 member inside the process, the
// way an application that embeds etcd does, and talks to it through the
// in-process client.
package main

import (
	"context"
	"flag"
	"log"
	"net/url"
	"time"

	"github.com/coreos/etcd/embed"
	"github.com/coreos/etcd/etcdserver/api/v3client"
)

// member is the application's view of its etcd member: the config is
// embedded, so its fields are read through the member.
type member struct {
	*embed.Config
	role string
}

func newMember(dir, listen string) (*member, error) {
	cfg := embed.NewConfig()
	cfg.Dir = dir
	u, err := url.Parse(listen)
	if err != nil {
		return nil, err
	}
	cfg.LCUrls = []url.URL{*u}
	cfg.ACUrls = []url.URL{*u}
	cfg.SnapCount = 10000
	cfg.LogOutput = "stderr"
	cfg.SetupLogging()
	return &member{Config: cfg, role: "primary"}, nil
}

func main() {
	dir := flag.String("data-dir", "embed33.etcd", "data directory")
	listen := flag.String("listen", "http://127.0.0.1:22379", "client URL")
	flag.Parse()
	m, err := newMember(*dir, *listen)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("starting %s member, peers on %v", m.role, m.APUrls)
	e, err := embed.StartEtcd(m.Config)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close()
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(time.Minute):
		e.Server.Stop()
		log.Fatal("etcd took too long to start")
	}
	cli := v3client.New(e.Server)
	defer cli.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := cli.Put(ctx, "role", m.role); err != nil {
		log.Fatal(err)
	}
}
