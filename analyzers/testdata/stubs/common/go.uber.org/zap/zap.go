// Package zap mirrors the API of go.uber.org/zap v1.10.0 for etcdlint's
// analyzer tests: only the declarations the tests use are kept, with their
// real signatures.
package zap

// A Logger provides fast, leveled, structured logging.
type Logger struct{}

// NewNop returns a no-op Logger.
func NewNop() *Logger { return &Logger{} }
