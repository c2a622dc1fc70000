// Package dotembed dot-imports the etcd 3.3 embed package.
package dotembed

import (
	. "github.com/coreos/etcd/embed" // want `package github.com/coreos/etcd/embed moved to go.etcd.io/etcd/embed in etcd 3.4`
)

func configure() *Config {
	cfg := NewConfig()
	cfg.SnapCount = 100 // want `field embed.Config.SnapCount is renamed SnapshotCount`
	cfg.SetupLogging()  // want `method embed.Config.SetupLogging is removed in etcd 3.4`
	return cfg
}
