package leasettl_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

func TestLeaseTTL(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "leasettl", analyzers.Config{})
	analysistest.Run(t, dir, a, testutil.Cases(t, "testdata")...)
}

// TestFromAfter checks the rule is silent for code already on 3.2.
func TestFromAfter(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "leasettl", analyzers.Config{From: "3.2"})
	if n := testutil.Count(analysistest.Run(testutil.Quiet(t), dir, a, "v31/a")); n != 0 {
		t.Errorf("got %d findings from 3.2, want 0", n)
	}
}
