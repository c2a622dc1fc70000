package apichanges_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

// TestForms runs the analyzer over the cases of testdata/src, each
// written against one generation of the stubs, for the upgrade its
// package comment describes.
func TestForms(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	for _, c := range []struct{ pkg, from, target string }{
		{"v30/authtoken", "3.0.17", "3.1.20"},
		{"v31/chsize", "3.1.20", "3.2.32"},
		{"v32/register", "3.2.32", "3.3.27"},
		{"v33/tls", "3.3.27", "3.4.25"},
		{"v34/embedcfg", "3.4.25", "3.5.35"},
		{"v34/movedcfg", "3.4.25", "3.5.35"},
		{"v35/forms", "3.5.35", "3.6.16"},
		{"v35/impls", "3.5.35", "3.6.16"},
		{"v35/variadic", "3.5.35", "3.6.16"},
		{"v36/raft", "3.6.16", "3.7.3"},
		{"v36/facades", "3.6.16", "3.7.3"},
	} {
		t.Run(c.pkg, func(t *testing.T) {
			a := testutil.Analyzer(t, "apichanges", analyzers.Config{From: c.from, Target: c.target})
			analysistest.Run(t, dir, a, c.pkg)
		})
	}
}
