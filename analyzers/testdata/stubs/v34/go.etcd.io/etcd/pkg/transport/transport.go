// Package transport mirrors the API of go.etcd.io/etcd/pkg/transport v3.4 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package transport

// TLSInfo holds TLS file names.
type TLSInfo struct {
	CertFile      string
	KeyFile       string
	TrustedCAFile string
}
