// Package grpc mirrors the API of google.golang.org/grpc v1.9.0 for
// etcdlint's analyzer tests: only the declarations the tests use are kept.
package grpc

// DialOption configures how we set up the connection.
type DialOption interface{}
