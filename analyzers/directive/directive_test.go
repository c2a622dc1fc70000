package directive_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/directive"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

func TestDirectives(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, directive.RuleID, analyzers.Config{Target: "3.6"})
	analysistest.Run(t, dir, a, testutil.Cases(t, "testdata")...)
}

// TestSuppresses checks that the directives with a reason suppress the
// grpcerrors findings and the one without does not.
func TestSuppresses(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "grpcerrors", analyzers.Config{Target: "3.6"})
	if n := testutil.Count(analysistest.Run(testutil.Quiet(t), dir, a, "v31/a")); n != 1 {
		t.Errorf("got %d grpcerrors findings, want 1 (the one under a directive without reason)", n)
	}
}
