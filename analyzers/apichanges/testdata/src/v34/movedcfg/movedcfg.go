// Package movedcfg starts an etcd 3.4 server from a configuration of the
// type 3.5 moves to server/v3/config: once the mentions of the type name
// the new package, the calls of NewServer compile as they are.
package movedcfg

import "go.etcd.io/etcd/etcdserver"

// testServer embeds the configuration, as test harnesses do.
type testServer struct {
	etcdserver.ServerConfig // removedapi reports the type (EC3509)
	srv                     *etcdserver.EtcdServer
}

func start(s *testServer, cfg etcdserver.ServerConfig, p *etcdserver.ServerConfig) error {
	var err error
	s.srv, err = etcdserver.NewServer(s.ServerConfig)
	if err != nil {
		return err
	}
	_, err = etcdserver.NewServer(cfg)
	if err != nil {
		return err
	}
	_, err = etcdserver.NewServer(*p)
	return err
}
