// Package authtoken compares with an etcdserver error 3.1 removes.
package authtoken

import (
	"errors"

	"github.com/coreos/etcd/etcdserver"
)

func expired(err error) bool {
	return errors.Is(err, etcdserver.ErrInvalidAuthToken) // want `var etcdserver.ErrInvalidAuthToken is removed in etcd 3.1`
}
