// Package etcdserver mirrors the API of github.com/coreos/etcd/etcdserver v3.2.32 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package etcdserver

// ServerConfig holds the configuration of etcd as taken from the command line or discovery.
type ServerConfig struct {
	Name      string
	SnapCount uint64
}

// EtcdServer is the production implementation of the Server interface
type EtcdServer struct {
	Cfg *ServerConfig
}

// NewServer creates a new EtcdServer from the supplied configuration. The
// configuration is considered static for the lifetime of the EtcdServer.
func NewServer(cfg *ServerConfig) (srv *EtcdServer, err error) { return nil, nil }
