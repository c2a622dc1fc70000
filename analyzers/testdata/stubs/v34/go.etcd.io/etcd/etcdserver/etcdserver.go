// Package etcdserver mirrors the API of go.etcd.io/etcd/etcdserver v3.4 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package etcdserver

// ServerConfig holds the configuration of etcd as taken from the command line or discovery.
type ServerConfig struct {
	Name          string
	SnapshotCount uint64
}

// EtcdServer is the production implementation of the Server interface.
type EtcdServer struct{}

// NewServer creates a new EtcdServer from the supplied configuration.
func NewServer(cfg ServerConfig) (srv *EtcdServer, err error) { return nil, nil }
