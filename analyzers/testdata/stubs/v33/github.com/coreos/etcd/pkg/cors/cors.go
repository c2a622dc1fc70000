// Package cors mirrors the API of github.com/coreos/etcd/pkg/cors v3.3.27 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package cors

// CORSInfo implements the flag.Value interface to allow users to define a list of CORS origins
type CORSInfo map[string]bool
