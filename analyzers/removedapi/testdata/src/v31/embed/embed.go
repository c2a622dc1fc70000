package embed

import (
	"net"

	"github.com/coreos/etcd/embed"
)

func peers(e *embed.Etcd) []net.Listener {
	_ = e.Clients
	return e.Peers // want `field embed.Etcd.Peers changes type in etcd 3.2 \(from 3.0.0, target 3.7.\d+\): its elements are unexported listener wrappers`
}
