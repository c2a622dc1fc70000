// Package funcs reaches etcd 3.4 functions and variables that 3.5 removes
// as values: function values, typed function variables, struct fields of
// function type, package-level initialisers, dot imports and aliases.
package funcs

import (
	"go.etcd.io/etcd/clientv3"           // want `package go.etcd.io/etcd/clientv3 moved to go.etcd.io/etcd/client/v3 in etcd 3.5`
	. "go.etcd.io/etcd/etcdserver"       // want `package go.etcd.io/etcd/etcdserver moved to go.etcd.io/etcd/server/v3/etcdserver in etcd 3.5`
	etcdsrv "go.etcd.io/etcd/etcdserver" // want `package go.etcd.io/etcd/etcdserver moved to go.etcd.io/etcd/server/v3/etcdserver in etcd 3.5`
	"go.etcd.io/etcd/pkg/logutil"        // want `package go.etcd.io/etcd/pkg/logutil moved to go.etcd.io/etcd/client/pkg/v3/logutil in etcd 3.5`
	"google.golang.org/grpc/grpclog"
)

// hooks holds functions of etcd's types.
type hooks struct {
	logger    func() logutil.Logger                 // want `type logutil.Logger is removed in etcd 3.5`
	newLogger func(grpclog.LoggerV2) logutil.Logger // want `type logutil.Logger is removed in etcd 3.5`
}

// getLogger is a package-level initialiser taking a function value.
var getLogger = clientv3.GetLogger // want `func clientv3.GetLogger is removed in etcd 3.5`

// timeout is a package-level initialiser reading a removed variable
// through a dot import.
var timeout = ErrTimeoutWaitAppliedIndex // want `var etcdserver.ErrTimeoutWaitAppliedIndex is removed in etcd 3.5`

// serverConfig names a removed type through an alias.
type serverConfig = etcdsrv.ServerConfig // want `type etcdserver.ServerConfig moves to package server/v3/config in etcd 3.5`

func values() hooks {
	f := clientv3.GetLogger                                          // want `func clientv3.GetLogger is removed in etcd 3.5`
	var g func(grpclog.LoggerV2) logutil.Logger = clientv3.NewLogger // want `type logutil.Logger is removed in etcd 3.5` `func clientv3.NewLogger is removed in etcd 3.5`
	h := hooks{logger: clientv3.GetLogger}                           // want `func clientv3.GetLogger is removed in etcd 3.5`
	h.newLogger = clientv3.NewLogger                                 // want `func clientv3.NewLogger is removed in etcd 3.5`
	_ = etcdsrv.ErrTimeoutWaitAppliedIndex                           // want `var etcdserver.ErrTimeoutWaitAppliedIndex is removed in etcd 3.5`
	_, _ = f, g
	return h
}

func config(c *serverConfig, s *EtcdServer) {
	_ = c.Name
	_ = s.ID() // want `method etcdserver.EtcdServer.ID is removed in etcd 3.6`
	id := s.ID // want `method etcdserver.EtcdServer.ID is removed in etcd 3.6`
	_ = id
}
