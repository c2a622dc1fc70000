// Package naming mirrors the API of google.golang.org/grpc/naming v1.29.1 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package naming

// Operation defines the corresponding operations for a name resolution change.
type Operation uint8

// The operations.
const (
	Add Operation = iota
	Delete
)

// Update defines a name resolution update.
type Update struct {
	Op       Operation
	Addr     string
	Metadata interface{}
}
