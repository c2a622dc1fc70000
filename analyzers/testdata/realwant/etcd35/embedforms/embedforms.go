// Package embedforms calls etcd 3.5 embed.Config methods that take a
// pointer receiver from 3.6 on values that are not addressable, and
// reaches etcdserver names 3.6 removes in the forms Go code can.
package embedforms

import (
	"go.etcd.io/etcd/server/v3/embed"
	"go.etcd.io/etcd/server/v3/etcdserver"
	. "go.etcd.io/etcd/server/v3/etcdserver"
)

// member embeds the config by value.
type member struct {
	embed.Config
	label string
}

type server = etcdserver.EtcdServer

func newConfig() embed.Config { return *embed.NewConfig() }

func newMember() member { return member{Config: *embed.NewConfig()} }

// ticks is a package-level initialiser calling a method on a function
// result.
var ticks = newConfig().ElectionTicks() // want `method embed.Config.ElectionTicks has a pointer receiver from etcd 3.6 and is called on a value that is not addressable`

func receivers(cfgs map[string]embed.Config, members map[string]member, cfg embed.Config, p *embed.Config, ms []member) {
	_ = newConfig().ElectionTicks()             // want `method embed.Config.ElectionTicks has a pointer receiver from etcd 3.6`
	_ = cfgs["a"].IsNewCluster()                // want `method embed.Config.IsNewCluster has a pointer receiver from etcd 3.6`
	_ = members["a"].ElectionTicks()            // want `method embed.Config.ElectionTicks has a pointer receiver from etcd 3.6`
	_ = newMember().IsNewCluster()              // want `method embed.Config.IsNewCluster has a pointer receiver from etcd 3.6`
	_ = newConfig().InitialClusterFromName("a") // want `method embed.Config.InitialClusterFromName has a pointer receiver from etcd 3.6`
	_ = newConfig().GetLogger()                 // want `method embed.Config.GetLogger has a pointer receiver from etcd 3.6`
	_ = cfg.ElectionTicks()                     // addressable: still compiles
	_ = p.IsNewCluster()                        // a pointer: still compiles
	_ = ms[0].ElectionTicks()                   // a slice element is addressable: still compiles
	f := newConfig().IsNewCluster               // want `method value embed.Config.IsNewCluster has a pointer receiver from etcd 3.6`
	g := cfgs["b"].ElectionTicks                // want `method value embed.Config.ElectionTicks has a pointer receiver from etcd 3.6`
	h := cfg.ElectionTicks                      // addressable: still compiles
	_, _, _ = f, g, h
	_ = embed.Config.ElectionTicks    // want `method expression embed.Config.ElectionTicks names the value type, but the method has a pointer receiver from etcd 3.6`
	_ = (*embed.Config).ElectionTicks // pointer method expression: still compiles
}

// stopped is a package-level initialiser reading a variable 3.6 moves.
var stopped = etcdserver.ErrStopped // want `var etcdserver.ErrStopped is removed in etcd 3.6`

func ids(s *server, e *EtcdServer, m struct{ *etcdserver.EtcdServer }) {
	_ = s.ID()                                                    // want `method etcdserver.EtcdServer.ID is removed in etcd 3.6`
	f := (*etcdserver.EtcdServer).ID                              // want `method etcdserver.EtcdServer.ID is removed in etcd 3.6`
	g := e.ID                                                     // want `method etcdserver.EtcdServer.ID is removed in etcd 3.6`
	var h func() uint64 = func() uint64 { return uint64(m.ID()) } // want `method etcdserver.EtcdServer.ID is removed in etcd 3.6`
	_ = ErrCorrupt                                                // want `var etcdserver.ErrCorrupt is removed in etcd 3.6`
	_, _, _ = f, g, h
}
