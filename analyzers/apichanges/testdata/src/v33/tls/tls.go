// Package tls reads a TLSInfo field that 3.4 removes.
package tls

import "github.com/coreos/etcd/pkg/transport"

func info(ca string) transport.TLSInfo {
	t := transport.TLSInfo{CAFile: ca} // want `field transport.TLSInfo.CAFile is removed in etcd 3.4`
	_ = t.CAFile                       // want `field transport.TLSInfo.CAFile is removed in etcd 3.4`
	return transport.TLSInfo{TrustedCAFile: ca}
}
