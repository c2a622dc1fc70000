// Package rpctypes mirrors the API of go.etcd.io/etcd/api/v3/v3rpc/rpctypes v3.5.35 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package rpctypes

import "errors"

// Learner errors.
var (
	ErrGPRCNotSupportedForLearner = errors.New("etcdserver: rpc not supported for learner")
	ErrGRPCNotSupportedForLearner = ErrGPRCNotSupportedForLearner
)
