// Package grpclog mirrors the API of google.golang.org/grpc/grpclog v1.7.5
// for etcdlint's analyzer tests: only the declarations the tests use are
// kept, with their real signatures.
package grpclog

import "io"

// Logger mimics golang logger (deprecated).
type Logger interface {
	Fatal(args ...interface{})
	Fatalf(format string, args ...interface{})
	Fatalln(args ...interface{})
	Print(args ...interface{})
	Printf(format string, args ...interface{})
	Println(args ...interface{})
}

// LoggerV2 does underlying logging work for grpclog.
type LoggerV2 interface {
	Info(args ...interface{})
	Infoln(args ...interface{})
	Infof(format string, args ...interface{})
	Warning(args ...interface{})
	Warningln(args ...interface{})
	Warningf(format string, args ...interface{})
	Error(args ...interface{})
	Errorln(args ...interface{})
	Errorf(format string, args ...interface{})
	Fatal(args ...interface{})
	Fatalln(args ...interface{})
	Fatalf(format string, args ...interface{})
	V(l int) bool
}

// NewLoggerV2 creates a loggerV2 with the provided writers.
func NewLoggerV2(infoW, warningW, errorW io.Writer) LoggerV2 { return nil }
