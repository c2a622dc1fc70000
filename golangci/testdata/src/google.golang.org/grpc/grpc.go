// Package grpc synthesizes the part of google.golang.org/grpc v1.0.4 the
// plugin test uses.
package grpc

import "errors"

// ErrClientConnTimeout indicates that the ClientConn cannot establish the
// underlying connections within the specified timeout.
var ErrClientConnTimeout = errors.New("grpc: timed out when dialing")
