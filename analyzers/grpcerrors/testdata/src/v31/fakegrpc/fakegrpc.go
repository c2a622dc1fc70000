// Package fakegrpc declares errors named like gRPC's.
package fakegrpc

import "errors"

// ErrClientConnTimeout is not gRPC's.
var ErrClientConnTimeout = errors.New("timeout")
