// Package embedcfg sets an embed.Config field 3.5 removes, directly and
// through a struct that embeds the config.
package embedcfg

import "go.etcd.io/etcd/embed"

type settings struct {
	embed.Config
	extra string
}

func configure(s *settings, c *embed.Config) {
	c.ExperimentalBackendFreelistType = "map"                // want `field embed.Config.ExperimentalBackendFreelistType is removed in etcd 3.5`
	s.ExperimentalBackendFreelistType = "map"                // want `field embed.Config.ExperimentalBackendFreelistType is removed in etcd 3.5`
	_ = embed.Config{ExperimentalBackendFreelistType: "map"} // want `field embed.Config.ExperimentalBackendFreelistType is removed`
}
