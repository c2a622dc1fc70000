// Package config mirrors the API of go.etcd.io/etcd/server/v3/config v3.6.16 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package config

// V2DeprecationEnum is the v2 deprecation stage.
type V2DeprecationEnum string

// The v2 deprecation stages.
const (
	V2Depr0NotYet    = V2DeprecationEnum("not-yet")
	V2Depr1WriteOnly = V2DeprecationEnum("write-only")

	// Deprecated: Please use V2Depr1WriteOnly.
	V2_DEPR_1_WRITE_ONLY = V2Depr1WriteOnly
)
