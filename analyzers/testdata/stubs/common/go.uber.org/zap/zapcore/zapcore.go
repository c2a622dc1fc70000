// Package zapcore mirrors the API of go.uber.org/zap/zapcore v1.17.0 for
// etcdlint's analyzer tests: only the declarations the tests use are kept,
// with their real signatures.
package zapcore

import "io"

// Core is a minimal, fast logger interface.
type Core interface {
	Sync() error
}

// A WriteSyncer is an io.Writer that can also flush any buffered data.
type WriteSyncer interface {
	io.Writer
	Sync() error
}
