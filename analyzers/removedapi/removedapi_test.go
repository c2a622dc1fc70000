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
	analysistest.RunWithSuggestedFixes(t, dir, a, "v30/a", "v32/a", "v33/embed", "v33/lookalike", "v34/a", "v35/a")
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
