package removedapi_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/etcdlint/etcdlint/analyzers"
	"github.com/etcdlint/etcdlint/analyzers/internal/testutil"
)

func TestRemovedAPI(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "removedapi", analyzers.Config{})
	analysistest.RunWithSuggestedFixes(t, dir, a, "v30/a", "v30/b", "v31/embed", "v32/a", "v33/embed", "v33/lookalike", "v34/a", "v34/grpcnaming", "v35/a")
}

func TestFrom36(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "removedapi", analyzers.Config{From: "3.6"})
	analysistest.RunWithSuggestedFixes(t, dir, a, "v36/a")
}

func TestSyntaxOnly(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "removedapi", analyzers.Config{From: "3.4"})
	analysistest.Run(t, dir, a, "v37/bumped")
}

func TestPatchTraps(t *testing.T) {
	dir := testutil.GOPATH(t, "testdata")
	a := testutil.Analyzer(t, "removedapi", analyzers.Config{Target: "3.5.2"})
	analysistest.Run(t, dir, a, "v34/traps")
	// From 3.5.13 on every one of them exists.
	a = testutil.Analyzer(t, "removedapi", analyzers.Config{Target: "3.5.13"})
	if n := testutil.Count(analysistest.Run(testutil.Quiet(t), dir, a, "v34/traps")); n != 0 {
		t.Errorf("target 3.5.13: got %d findings, want 0", n)
	}
}
