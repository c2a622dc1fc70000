// Package embed mirrors the API of go.etcd.io/etcd/server/v3/embed v3.6.16 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package embed

import "time"

// Config holds the arguments for configuring an etcd server.
type Config struct {
	Name                                string
	Durl                                string
	Dproxy                              string
	ExperimentalCompactHashCheckEnabled bool
	ExperimentalWarningApplyDuration    time.Duration
}

// NewConfig creates a new Config populated with default values.
func NewConfig() *Config { return &Config{} }

// ExperimentalDistributedTracingAddress is the default collector address.
const ExperimentalDistributedTracingAddress = "localhost:4317"
