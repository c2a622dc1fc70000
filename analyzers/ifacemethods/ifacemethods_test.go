package ifacemethods_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

func TestIfaceMethods(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "ifacemethods", analyzers.Config{})
	analysistest.Run(t, dir, a, testutil.Cases(t, "testdata")...)
}

// TestTarget36 checks the 3.7 additions stay silent for a 3.6 target.
func TestTarget36(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "ifacemethods", analyzers.Config{Target: "3.6"})
	if n := testutil.Count(analysistest.Run(testutil.Quiet(t), dir, a, "v36/mocks")); n != 0 {
		t.Errorf("got %d findings with target 3.6, want 0", n)
	}
}
