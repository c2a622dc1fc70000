// Package grpc mirrors the API of google.golang.org/grpc v1.7.5 for
// etcdlint's analyzer tests: only the declarations the tests use are kept,
// with their real signatures.
package grpc

import "errors"

var (
	// ErrClientConnClosing indicates that the operation is illegal because
	// the ClientConn is closing.
	ErrClientConnClosing = errors.New("grpc: the client connection is closing")
	// ErrClientConnTimeout indicates that the ClientConn cannot establish the
	// underlying connections within the specified timeout.
	ErrClientConnTimeout = errors.New("grpc: timed out when dialing")
)

// DialOption configures how we set up the connection.
type DialOption func(*dialOptions)

type dialOptions struct{ block bool }

// WithBlock returns a DialOption which makes caller of Dial blocks until
// the underlying connection is up.
func WithBlock() DialOption { return func(o *dialOptions) { o.block = true } }

// WithInsecure returns a DialOption which disables transport security.
func WithInsecure() DialOption { return func(o *dialOptions) {} }

// ClientConn represents a client connection to an RPC server.
type ClientConn struct{}

// Server is a gRPC server.
type Server struct{}

// NewServer creates a gRPC server.
func NewServer() *Server { return &Server{} }
