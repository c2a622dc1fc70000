// Package forms reaches etcd 3.5 names that 3.6 removes or changes in
// every form Go code can: qualified, dot-imported, aliased, as function
// and method values, in package-level initialisers and promoted through
// embedded structs.
package forms

import (
	"go.etcd.io/etcd/server/v3/embed"
	"go.etcd.io/etcd/server/v3/etcdserver"
	. "go.etcd.io/etcd/server/v3/etcdserver"
)

var stopped = etcdserver.ErrStopped // want `var etcdserver.ErrStopped is removed in etcd 3.6`

var dotted = ErrStopped // want `var etcdserver.ErrStopped is removed`

type server = etcdserver.EtcdServer

func ids(s *server, e *EtcdServer) {
	_ = s.ID()                       // want `method etcdserver.EtcdServer.ID is removed`
	f := (*etcdserver.EtcdServer).ID // want `method etcdserver.EtcdServer.ID is removed`
	g := e.ID                        // want `method etcdserver.EtcdServer.ID is removed`
	var h func() uint64 = s.ID       // want `method etcdserver.EtcdServer.ID is removed`
	_, _, _ = f, g, h
}

type member struct {
	*etcdserver.EtcdServer
	name string
}

func promoted(m member) uint64 {
	return m.ID() // want `method etcdserver.EtcdServer.ID is removed`
}

func newConfig() embed.Config { return embed.Config{} }

func receivers(cfgs map[string]embed.Config, cfg embed.Config, p *embed.Config) {
	_ = newConfig().ElectionTicks() // want `method embed.Config.ElectionTicks has a pointer receiver from etcd 3.6`
	_ = cfgs["a"].IsNewCluster()    // want `method embed.Config.IsNewCluster has a pointer receiver`
	_ = cfg.ElectionTicks()         // addressable: still compiles
	_ = p.IsNewCluster()
	f := newConfig().ElectionTicks // want `method value embed.Config.ElectionTicks has a pointer receiver from etcd 3.6`
	g := cfgs["b"].IsNewCluster    // want `method value embed.Config.IsNewCluster has a pointer receiver`
	h := cfg.ElectionTicks         // addressable: still compiles
	_, _, _ = f, g, h
	_ = embed.Config.ElectionTicks    // want `method expression embed.Config.ElectionTicks names the value type`
	_ = (*embed.Config).ElectionTicks // pointer method expression: still compiles
}
