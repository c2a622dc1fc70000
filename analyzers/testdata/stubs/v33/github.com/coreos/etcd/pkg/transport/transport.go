// Package transport mirrors the API of github.com/coreos/etcd/pkg/transport v3.3.27 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package transport

// TLSInfo holds TLS file names.
type TLSInfo struct {
	CertFile      string
	KeyFile       string
	CAFile        string // TODO: deprecate this in v4
	TrustedCAFile string
}
