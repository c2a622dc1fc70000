package configfile_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

func TestConfigFile(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "configfile", analyzers.Config{})
	analysistest.RunWithSuggestedFixes(t, dir, a, testutil.Cases(t, "testdata")...)
}

// TestTargetBefore checks the rule is silent when the target is older
// than the change (3.1 still has NewFromConfigFile).
func TestTargetBefore(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "configfile", analyzers.Config{Target: "3.1"})
	res := analysistest.Run(testutil.Quiet(t), dir, a, "v31/a")
	if n := testutil.Count(res); n != 0 {
		t.Errorf("got %d findings with target 3.1, want 0", n)
	}
}
