// Package embed mirrors the API of github.com/coreos/etcd/embed v3.2.32 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package embed

// Config holds the arguments for configuring an etcd server.
type Config struct {
	Name                    string
	AutoCompactionRetention int
}

// NewConfig creates a new Config populated with default values.
func NewConfig() *Config { return &Config{} }
