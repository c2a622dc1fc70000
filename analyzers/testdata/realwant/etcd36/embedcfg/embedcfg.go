// Package embedcfg sets etcd 3.6 embed.Config fields 3.7 removes.
package embedcfg

import (
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

type member struct {
	*embed.Config
}

var defaults = embed.Config{ExperimentalCompactHashCheckEnabled: true} // want `field embed.Config.ExperimentalCompactHashCheckEnabled is removed in etcd 3.7`

func configure(m member, c *embed.Config) {
	c.ExperimentalCorruptCheckTime = time.Minute // want `field embed.Config.ExperimentalCorruptCheckTime is removed in etcd 3.7`
	m.ExperimentalCompactionBatchLimit = 100     // want `field embed.Config.ExperimentalCompactionBatchLimit is removed in etcd 3.7`
	m.ExperimentalEnableLeaseCheckpoint = true   // want `field embed.Config.ExperimentalEnableLeaseCheckpoint is removed in etcd 3.7`
	_ = m.IsNewCluster()                         // a pointer receiver already in 3.6: no finding
}
