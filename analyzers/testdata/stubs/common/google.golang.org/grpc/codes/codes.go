// Package codes mirrors the API of google.golang.org/grpc/codes v1.7.5 for
// etcdlint's analyzer tests: only the declarations the tests use are kept,
// with their real signatures.
package codes

// A Code is an unsigned 32-bit error code as defined in the gRPC spec.
type Code uint32

// The codes the tests use.
const (
	OK               Code = 0
	Canceled         Code = 1
	Unknown          Code = 2
	DeadlineExceeded Code = 4
)
