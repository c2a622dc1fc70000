package codecheck

import "github.com/etcdlint/etcdlint/internal/srcload"

// UnifiedDiff exposes unifiedDiff to the external tests.
var UnifiedDiff = unifiedDiff

// WithCache returns opts whose --fix run type-checks through c, for the
// tests to see what each check took from it.
func WithCache(opts Options, c *srcload.Cache) Options {
	opts.cache = c
	return opts
}

// WithoutReuse returns opts whose --fix run checks the written tree
// from nothing.
func WithoutReuse(opts Options) Options {
	opts.noReuse = true
	return opts
}

// BeforeRecheck returns opts whose --fix run calls f once the tree is
// written, before it is checked again.
func BeforeRecheck(opts Options, f func()) Options {
	opts.beforeRecheck = f
	return opts
}
