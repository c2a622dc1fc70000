package setlogger_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

func TestSetLogger(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "setlogger", analyzers.Config{})
	analysistest.RunWithSuggestedFixes(t, dir, a, testutil.Cases(t, "testdata")...)
}

// TestTargetBefore checks the rule is silent when the target is older
// than the change (3.2.9 still takes a grpclog.Logger).
func TestTargetBefore(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "setlogger", analyzers.Config{Target: "3.2.9"})
	res := analysistest.Run(testutil.Quiet(t), dir, a, "v31/a")
	if n := testutil.Count(res); n != 0 {
		t.Errorf("got %d findings with target 3.2.9, want 0", n)
	}
}
