// Package embedforms reaches the etcd 3.3 embed.Config fields and methods
// that later releases rename, remove or move to a pointer receiver, in
// the forms an embedder writes them.
package embedforms

import (
	"net/url"

	"github.com/coreos/etcd/embed" // want `package github.com/coreos/etcd/embed moved to go.etcd.io/etcd/embed in etcd 3.4, then moved to go.etcd.io/etcd/server/v3/embed in etcd 3.5`
)

// member embeds a pointer to the config: its fields are promoted.
type member struct {
	*embed.Config
	label string
}

// settings embeds the config by value.
type settings struct {
	embed.Config
	extra string
}

// nested reaches the config through two levels of embedding.
type nested struct {
	member
}

// cfgAlias names the config through an alias.
type cfgAlias = embed.Config

// defaults is a package-level initialiser setting a renamed field.
var defaults = embed.Config{SnapCount: 10000} // want `field embed.Config.SnapCount is renamed SnapshotCount in etcd 3.4`

// peerURLs is a package-level initialiser reading a promoted field.
var peerURLs = member{Config: embed.NewConfig()}.APUrls // want `field embed.Config.APUrls is renamed AdvertisePeerUrls`

func promoted(m member, s *settings, n nested, u url.URL) []url.URL {
	m.APUrls = []url.URL{u} // want `field embed.Config.APUrls is renamed AdvertisePeerUrls`
	s.LPUrls = []url.URL{u} // want `field embed.Config.LPUrls is renamed ListenPeerUrls`
	s.SnapCount = 5         // want `field embed.Config.SnapCount is renamed SnapshotCount`
	_ = n.ACUrls            // want `field embed.Config.ACUrls is renamed AdvertiseClientUrls`
	n.LCUrls = nil          // want `field embed.Config.LCUrls is renamed ListenClientUrls`
	m.Name = "m1"           // unchanged field: no finding
	s.SetupLogging()        // want `method embed.Config.SetupLogging is removed in etcd 3.4`
	return m.APUrls         // want `field embed.Config.APUrls is renamed AdvertisePeerUrls`
}

func aliased(c *cfgAlias) {
	c.SnapCount = 1                   // want `field embed.Config.SnapCount is renamed SnapshotCount`
	c.Debug = true                    // want `field embed.Config.Debug is removed in etcd 3.5`
	_ = cfgAlias{LogOutput: "stderr"} // want `field embed.Config.LogOutput is removed in etcd 3.4`
}

func funcValues(c *embed.Config) {
	setup := c.SetupLogging                                  // want `method embed.Config.SetupLogging is removed in etcd 3.4`
	var f func(*embed.Config) = (*embed.Config).SetupLogging // want `method embed.Config.SetupLogging is removed in etcd 3.4`
	_, _ = setup, f
}

func newConfig() embed.Config { return *embed.NewConfig() }

// receivers calls methods that take a pointer receiver from 3.6 on values
// that are not addressable.
func receivers(cfgs map[string]embed.Config, cfg embed.Config, p *embed.Config, m member) {
	_ = newConfig().ElectionTicks() // want `method embed.Config.ElectionTicks has a pointer receiver from etcd 3.6`
	_ = cfgs["a"].IsNewCluster()    // want `method embed.Config.IsNewCluster has a pointer receiver from etcd 3.6`
	_ = cfg.ElectionTicks()         // addressable: still compiles
	_ = p.IsNewCluster()            // a pointer: still compiles
	_ = m.ElectionTicks()           // promoted through a pointer: still compiles
	f := newConfig().IsNewCluster   // want `method value embed.Config.IsNewCluster has a pointer receiver from etcd 3.6`
	_ = f
	_ = embed.Config.ElectionTicks    // want `method expression embed.Config.ElectionTicks names the value type`
	_ = (*embed.Config).ElectionTicks // pointer method expression: still compiles
}
