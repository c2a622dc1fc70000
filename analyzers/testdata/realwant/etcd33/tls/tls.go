// Package tls reads and writes the transport.TLSInfo field 3.4 removes.
package tls

import "github.com/coreos/etcd/pkg/transport" // want `package github.com/coreos/etcd/pkg/transport moved to go.etcd.io/etcd/pkg/transport in etcd 3.4`

// shared is a package-level initialiser setting the field.
var shared = transport.TLSInfo{CAFile: "/etc/ca.pem"} // want `field transport.TLSInfo.CAFile is removed in etcd 3.4`

type server struct {
	transport.TLSInfo
}

func info(ca string, s *server) transport.TLSInfo {
	t := transport.TLSInfo{CAFile: ca} // want `field transport.TLSInfo.CAFile is removed in etcd 3.4`
	_ = t.CAFile                       // want `field transport.TLSInfo.CAFile is removed in etcd 3.4`
	s.CAFile = ca                      // want `field transport.TLSInfo.CAFile is removed in etcd 3.4`
	return transport.TLSInfo{TrustedCAFile: ca}
}
