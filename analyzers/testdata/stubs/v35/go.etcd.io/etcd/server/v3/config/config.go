// Package config mirrors the API of go.etcd.io/etcd/server/v3/config v3.5.35 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package config

// V2DeprecationEnum is the v2 deprecation stage.
type V2DeprecationEnum string

// The v2 deprecation stages.
const (
	V2_DEPR_0_NOT_YET               = V2DeprecationEnum("not-yet")
	V2_DEPR_1_WRITE_ONLY            = V2DeprecationEnum("write-only")
	V2_DEPR_1_WRITE_ONLY_SKIP_CHECK = V2DeprecationEnum("write-only-skip-check")
	V2_DEPR_1_WRITE_ONLY_DROP       = V2DeprecationEnum("write-only-drop-data")
	V2_DEPR_2_GONE                  = V2DeprecationEnum("gone")
	V2_DEPR_DEFAULT                 = V2_DEPR_0_NOT_YET
)
