// Package flags mirrors the API of go.etcd.io/etcd/pkg/flags v3.4 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package flags

import "flag"

// SetFlagsFromEnv parses all registered flags in the given flagset,
// and if they are not already set it attempts to set their values from
// environment variables.
func SetFlagsFromEnv(prefix string, fs *flag.FlagSet) error { return nil }
