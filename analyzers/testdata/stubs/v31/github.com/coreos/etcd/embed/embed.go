// Package embed mirrors the API of github.com/coreos/etcd/embed v3.1.20 for
// etcdlint's analyzer tests: only the declarations the tests use are kept,
// with their real signatures.
package embed

import "net"

// Etcd contains a running etcd server and its listeners.
type Etcd struct {
	Peers   []net.Listener
	Clients []net.Listener
}
