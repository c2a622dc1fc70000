// Package context mirrors the API of golang.org/x/net/context for
// etcdlint's analyzer tests: on Go 1.9+ it aliases the standard package.
package context

import "context"

// A Context carries a deadline, a cancellation signal, and other values.
type Context = context.Context

// Background returns a non-nil, empty Context.
func Background() Context { return context.Background() }
