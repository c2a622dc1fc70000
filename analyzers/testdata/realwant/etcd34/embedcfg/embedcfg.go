// Package embedcfg sets etcd 3.4 embed.Config fields that later releases
// remove, directly and through structs that embed the config.
package embedcfg

import (
	"go.etcd.io/etcd/embed" // want `package go.etcd.io/etcd/embed moved to go.etcd.io/etcd/server/v3/embed in etcd 3.5`
)

type settings struct {
	embed.Config
	extra string
}

type member struct {
	*embed.Config
}

// freelist is a package-level initialiser setting a removed field.
var freelist = embed.Config{ExperimentalBackendFreelistType: "map"} // want `field embed.Config.ExperimentalBackendFreelistType is removed in etcd 3.5`

func configure(s *settings, m member, c *embed.Config) string {
	c.ExperimentalBackendFreelistType = "map" // want `field embed.Config.ExperimentalBackendFreelistType is removed in etcd 3.5`
	s.ExperimentalBackendFreelistType = "map" // want `field embed.Config.ExperimentalBackendFreelistType is removed in etcd 3.5`
	m.LogPkgLevels = "etcdserver=DEBUG"       // want `field embed.Config.LogPkgLevels is removed in etcd 3.5`
	_ = s.IsNewCluster()                      // addressable through a pointer: still compiles
	_ = newSettings().ElectionTicks()         // want `method embed.Config.ElectionTicks has a pointer receiver from etcd 3.6`
	return m.ExperimentalBackendFreelistType  // want `field embed.Config.ExperimentalBackendFreelistType is removed in etcd 3.5`
}

func newSettings() settings { return settings{} }
