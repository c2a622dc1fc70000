// Package etcdserver mirrors the API of github.com/coreos/etcd/etcdserver v3.0.17 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package etcdserver

import "errors"

// ErrInvalidAuthToken is returned for a token the server does not know.
var ErrInvalidAuthToken = errors.New("etcdserver: invalid auth token")
