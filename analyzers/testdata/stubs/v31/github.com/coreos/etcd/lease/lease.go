// Package lease mirrors the API of github.com/coreos/etcd/lease v3.1.20 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package lease

import "errors"

// ErrLeaseNotFound is returned for an unknown lease.
var ErrLeaseNotFound = errors.New("lease not found")
