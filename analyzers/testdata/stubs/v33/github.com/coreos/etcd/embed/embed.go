// Package embed mirrors the API of github.com/coreos/etcd/embed v3.3.27 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package embed

import (
	"net/url"

	"github.com/coreos/etcd/pkg/cors"
)

// Config holds the arguments for configuring an etcd server.
type Config struct {
	Name           string
	Dir            string
	SnapCount      uint64
	LPUrls, LCUrls []url.URL
	APUrls, ACUrls []url.URL
	CorsInfo       *cors.CORSInfo
	Debug          bool
	LogPkgLevels   string
	LogOutput      string
	EnableV2       bool
}

// NewConfig creates a new Config populated with default values.
func NewConfig() *Config { return &Config{} }

// SetupLogging initializes etcd logging.
// Must be called after flag parsing.
func (cfg *Config) SetupLogging() {}

// Etcd contains a running etcd server and its listeners.
type Etcd struct{}

// StartEtcd launches the etcd server and HTTP handlers for client/server communication.
func StartEtcd(inCfg *Config) (e *Etcd, err error) { return nil, nil }
