// Package client mirrors the API of go.etcd.io/etcd/client/v2 v2.305.35 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package client

// Config defines the configuration of a v2 Client.
type Config struct {
	Endpoints []string
}

// Client provides and manages an etcd v2 client.
type Client interface{}

// New creates a new v2 Client.
func New(cfg Config) (Client, error) { return nil, nil }
