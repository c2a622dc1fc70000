// Package clientv3 synthesizes the part of github.com/coreos/etcd/clientv3
// v3.1 the plugin test uses.
package clientv3

import "time"

// Config is the client configuration.
type Config struct {
	Endpoints   []string
	DialTimeout time.Duration
}

// Client is an etcd client.
type Client struct{}

// New creates a client.
func New(cfg Config) (*Client, error) { return &Client{}, nil }
