// Package embed mirrors the API of go.etcd.io/etcd/embed v3.4 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package embed

import "net/url"

// Config holds the arguments for configuring an etcd server.
type Config struct {
	ExperimentalBackendFreelistType string
	Name                            string
	SnapshotCount                   uint64
	ListenPeerUrls                  []url.URL
	ListenClientUrls                []url.URL
	LogOutputs                      []string
	DeprecatedLogOutput             []string
	Debug                           bool
	LogPkgLevels                    string
	LogLevel                        string
	EnableV2                        bool
}

// NewConfig creates a new Config populated with default values.
func NewConfig() *Config { return &Config{} }
